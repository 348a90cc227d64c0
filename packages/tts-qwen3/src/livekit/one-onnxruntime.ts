import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ParleyError } from '@parley/core';

/** One installed onnxruntime-node: where, which version, and who asked for it. */
export interface OnnxRuntimeCopy {
  readonly dir: string;
  readonly version: string;
  readonly requiredBy: string;
}

/**
 * Packages of the LiveKit Agents ecosystem that bring their own onnxruntime-node. Only one
 * `libonnxruntime.so.1` can load in a process: with two versions installed, whichever loads
 * second fails (`version 'VERS_1.24.3' not found`) and takes the app down at import.
 */
const ONNXRUNTIME_USERS = ['@livekit/agents-plugin-silero'];

/** Where `name` is installed as `from`'s module resolution finds it, or undefined. */
function packageDir(name: string, from: string): string | undefined {
  const require = createRequire(join(from, 'noop.js'));
  return require.resolve
    .paths(name)
    ?.map((dir) => join(dir, name))
    .find((dir) => existsSync(join(dir, 'package.json')));
}

function version(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The onnxruntime-node parley resolves from `from`, and every other copy a known plugin installed beside it. */
export function onnxRuntimeCopies(from: string): OnnxRuntimeCopy[] {
  const own = packageDir('onnxruntime-node', from);
  const copies: OnnxRuntimeCopy[] = own ? [{ dir: own, version: version(own), requiredBy: '@parley/tts-qwen3' }] : [];
  for (const user of ONNXRUNTIME_USERS) {
    const userDir = packageDir(user, from);
    const theirs = userDir && packageDir('onnxruntime-node', userDir);
    if (theirs && !copies.some((copy) => copy.dir === theirs)) copies.push({ dir: theirs, version: version(theirs), requiredBy: user });
  }
  return copies;
}

/**
 * Throws, before any native library loads, when the app installed a second onnxruntime-node of
 * another version (as `@livekit/agents-plugin-silero` 1.9 does, pinning 1.24.3), with the fix:
 * an npm `overrides` entry that makes every package share parley's.
 * @throws ParleyError INTERNAL naming both copies.
 */
export function assertOneOnnxRuntime(from = dirname(createRequire(import.meta.url).resolve('onnxruntime-node'))): void {
  const copies = onnxRuntimeCopies(from);
  const versions = new Set(copies.map((copy) => copy.version));
  if (versions.size <= 1) return;
  const [ours] = copies;
  const list = copies.map((copy) => `${copy.requiredBy}: onnxruntime-node ${copy.version} at ${copy.dir}`).join('; ');
  throw new ParleyError(
    'INTERNAL',
    `two onnxruntime-node versions are installed (${list}), and only one can load in a process. ` +
      `Add "overrides": { "onnxruntime-node": "${ours!.version}" } to your app's package.json and run npm install, so that every package uses one.`,
  );
}
