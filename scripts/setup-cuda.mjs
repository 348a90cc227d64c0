#!/usr/bin/env node
// Installs onnxruntime-node's CUDA 12 provider libraries on a GPU host with internet access.
// The default `npm ci` skips this download, because it needs the internet and a GPU: the root
// package.json's `allowScripts` denies onnxruntime-node its install script, which does nothing
// else (the CPU and WebGPU builds ship in the package).
// For a GPU without CUDA, device 'webgpu' needs no download at all.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The environment for onnxruntime-node's install script that makes it really download.
 * - `ONNXRUNTIME_NODE_INSTALL=true`, not `cuda12`: the 1.30 script's flag parser returns
 *   nothing for a named flag, which then counts as "not asked"; `true` installs the platform's
 *   requirements, which on Linux x64 are the CUDA 12 libraries.
 * - Without npm's `npm_config_local_prefix` and `npm_package_json`: under `npm run` they make
 *   the script take the call for a local install of onnxruntime-node itself and return at once.
 * - Without `npm_config_onnxruntime_node_install`, which a user's npm config may set to `skip`.
 */
export function cudaInstallEnvironment(env) {
  const { npm_config_local_prefix, npm_package_json, npm_config_onnxruntime_node_install, ...rest } = env;
  return { ...rest, ONNXRUNTIME_NODE_INSTALL: 'true' };
}

/** Runs the install script and checks that the provider library is there afterwards. */
function main() {
  const require = createRequire(join(process.cwd(), 'package.json'));
  let ortDir;
  try {
    ortDir = dirname(require.resolve('onnxruntime-node/package.json'));
  } catch {
    console.error('onnxruntime-node is not installed here: run `npm ci` first.');
    return 1;
  }
  const result = spawnSync(process.execPath, [join(ortDir, 'script', 'install')], {
    stdio: 'inherit',
    env: cudaInstallEnvironment(process.env),
  });
  const library = join(ortDir, 'bin', 'napi-v6', process.platform, process.arch, 'libonnxruntime_providers_cuda.so');
  if (result.status === 0 && existsSync(library)) {
    console.error(`installed ${library}`);
    return 0;
  }
  console.error(
    'The CUDA provider download failed: it needs internet access (NuGet), CUDA 12.x and cuDNN 9.x. ' +
      "A GPU without CUDA can use device 'webgpu', which needs no download.",
  );
  return 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(main());
