#!/usr/bin/env node
// Installs onnxruntime-node's CUDA 12 provider libraries on a GPU host with internet access.
// The default `npm ci` skips this download (see .npmrc) because it needs the internet and a GPU.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(join(process.cwd(), 'package.json'));
let ortDir;
try {
  ortDir = dirname(require.resolve('onnxruntime-node/package.json'));
} catch {
  console.error('onnxruntime-node is not installed here: run `npm ci` first.');
  process.exit(1);
}
const result = spawnSync(process.execPath, [join(ortDir, 'script', 'install')], {
  stdio: 'inherit',
  env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'cuda12', npm_config_onnxruntime_node_install: 'cuda12' },
});
if (result.status !== 0) {
  console.error('The CUDA provider download failed: it needs internet access, CUDA 12.x and cuDNN 9.x.');
}
process.exit(result.status ?? 1);
