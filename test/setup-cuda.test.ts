import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs script without type declarations
import { cudaInstallEnvironment } from '../scripts/setup-cuda.mjs';

const root = join(import.meta.dirname, '..');
// global-agent, which onnxruntime's install script bootstraps, sends every download through
// this proxy: a closed port, so the test never downloads, with or without internet.
const DEAD_PROXY = 'http://127.0.0.1:9';

describe('npm run setup:cuda', () => {
  it('really starts the CUDA provider download when run through npm (here it fails at the dead proxy, and says so)', () => {
    const run = spawnSync('npm', ['run', 'setup:cuda'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, GLOBAL_AGENT_HTTPS_PROXY: DEAD_PROXY },
    });
    expect(run.stderr).toMatch(/ECONNREFUSED 127\.0\.0\.1:9/);
    expect(run.stderr).toMatch(/The CUDA provider download failed/);
    expect(run.status).not.toBe(0);
  });

  it("hands onnxruntime's install script an environment without npm's local-install and skip markers", () => {
    const npmRun = {
      npm_config_local_prefix: root,
      npm_package_json: join(root, 'package.json'),
      npm_config_onnxruntime_node_install: 'skip',
      PATH: '/bin',
    };
    expect(cudaInstallEnvironment(npmRun)).toEqual({ PATH: '/bin', ONNXRUNTIME_NODE_INSTALL: 'true' });
  });
});
