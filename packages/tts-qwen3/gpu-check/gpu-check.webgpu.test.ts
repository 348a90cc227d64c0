import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const here = import.meta.dirname;
const pack = mkdtempSync(join(tmpdir(), 'parley-gpu-check-pack-'));
afterAll(() => rmSync(pack, { recursive: true, force: true }));

// What travels to a GPU machine, packed and run as there: from its own Node, with no npm, no
// repo and no node_modules; WebGPU here is Mesa's CPU driver, so only correctness counts.
describe('the GPU check, packed for a machine with no Node', () => {
  it('packs under the 64 MiB a device call can carry', async () => {
    await run(process.execPath, [join(here, 'pack.mjs'), pack], { maxBuffer: 1 << 24 });
    const files = readdirSync(pack);
    expect(files).toEqual(
      expect.arrayContaining([
        'node.xz',
        'runtime.tar.xz',
        expect.stringMatching(/^libvulkan1_.*\.deb$/),
        expect.stringMatching(/^libglvnd0_.*\.deb$/),
      ]),
    );
    const total = files.reduce((sum, file) => sum + statSync(join(pack, file)).size, 0);
    expect(total).toBeLessThan(64 * 1024 ** 2);
  });

  it('runs end to end from the pack: the CPU and WebGPU rows, the same greedy codes for fp32, no GPU tensor left', async () => {
    const { stdout } = await run('bash', [join(here, 'run.sh'), pack, '--', '--small', '--frames', '6', '--threads', '1'], {
      maxBuffer: 1 << 26,
    });
    expect(stdout).toContain(`node ${process.version}`); // run.sh reports the Node it unpacked
    const table = stdout.slice(stdout.lastIndexOf('GPU check'));
    expect(table).not.toMatch(/failed/);
    for (const variant of [
      'fp32 on cpu',
      'fp32 on webgpu, KV cache in GPU memory',
      'fp32 on webgpu, KV cache in host memory',
      'q4 on cpu',
      'q4 on webgpu, KV cache in GPU memory',
    ]) {
      expect(table).toContain(`parley ${variant}: model load`);
      expect(table).toMatch(new RegExp(`parley ${variant}: GPU tensors held after 3 syntheses +1 +0 `));
    }
    expect(table).toMatch(/parley fp32 on webgpu, KV cache in GPU memory: greedy codes equal to cpu \(all frames\) +96 +1 /);
    expect(table).toMatch(/parley fp32 on webgpu, KV cache in host memory: greedy codes equal to cpu \(all frames\) +96 +1 /);
  });
});
