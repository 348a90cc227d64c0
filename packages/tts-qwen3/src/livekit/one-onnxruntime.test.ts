import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertOneOnnxRuntime, onnxRuntimeCopies } from './one-onnxruntime.js';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** An app's node_modules with parley's onnxruntime-node and, when `nested` is given, the Silero plugin's own copy. */
function app(nested?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'parley-ort-'));
  roots.push(root);
  const pkg = (dir: string, name: string, version: string) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version }));
  };
  pkg(join(root, 'node_modules', 'onnxruntime-node'), 'onnxruntime-node', '1.30.0');
  const silero = join(root, 'node_modules', '@livekit', 'agents-plugin-silero');
  pkg(silero, '@livekit/agents-plugin-silero', '1.9.0');
  if (nested) pkg(join(silero, 'node_modules', 'onnxruntime-node'), 'onnxruntime-node', nested);
  return join(root, 'node_modules', '@parley', 'tts-qwen3');
}

describe('one onnxruntime-node per process', () => {
  it("passes when the Silero plugin shares parley's copy (an npm override), as this repository installs it", () => {
    expect(onnxRuntimeCopies(app())).toHaveLength(1);
    expect(() => assertOneOnnxRuntime(app())).not.toThrow();
    expect(() => assertOneOnnxRuntime()).not.toThrow(); // the repository's own install
  });

  it('names both copies and the override that fixes it when the plugin brings its own 1.24.3', () => {
    const from = app('1.24.3');
    expect(onnxRuntimeCopies(from).map((copy) => `${copy.requiredBy} ${copy.version}`)).toEqual([
      '@parley/tts-qwen3 1.30.0',
      '@livekit/agents-plugin-silero 1.24.3',
    ]);
    expect(() => assertOneOnnxRuntime(from)).toThrow(
      /two onnxruntime-node versions are installed .*"overrides": \{ "onnxruntime-node": "1\.30\.0" \}/,
    );
  });
});
