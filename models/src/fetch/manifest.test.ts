import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMUNITY_GRAPH_NAMES } from '@parley/qwen3-contract';
import { DEFAULT_HF_ENDPOINT, fileUrl, resolveEndpoint } from './endpoint.js';
import { findModel, loadModelManifest, resolveFiles, validateManifest } from './manifest.js';

describe('the shipped manifest', () => {
  const manifest = loadModelManifest();
  const entry = findModel(manifest, 'qwen3-tts-0.6b-base-onnx');

  it('names the community ONNX repo and every graph of the layout, saved under the names the engine loads', () => {
    expect(entry).toMatchObject({ repo: 'zukky/Qwen3-TTS-ONNX-DLL', revision: 'main' });
    const targets = resolveFiles(entry).map((file) => file.target);
    expect(targets).toEqual(
      expect.arrayContaining([
        ...COMMUNITY_GRAPH_NAMES.map((name) => `${name}.onnx`),
        'config.json',
        'vocab.json',
        'merges.txt',
        'tokenizer_config.json',
      ]),
    );
    expect(entry.files.filter((file) => file.path.startsWith('onnx_kv_06b/'))).toHaveLength(COMMUNITY_GRAPH_NAMES.length);
  });

  it("carries the doc's fp32 sizes (6.09 GB in all) and, until checked online, no sha256", () => {
    const sizes = entry.files.map((file) => file.size ?? 0);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(6_088_189_144);
    expect(entry.files.find((file) => file.target === 'talker_decode.onnx')?.size).toBe(1_776_980_336);
    expect(entry.files.every((file) => file.sha256 === undefined)).toBe(true);
  });
});

describe('validateManifest', () => {
  const file = { path: 'a/b.onnx', size: 3 };
  const manifestWith = (files: unknown[]) => ({ models: { m: { repo: 'o/n', revision: 'main', files } } });

  it('accepts a minimal entry and defaults the target to the repo path', () => {
    const manifest = validateManifest(manifestWith([file]));
    expect(resolveFiles(findModel(manifest, 'm'))).toEqual([{ ...file, target: 'a/b.onnx' }]);
  });

  it.each([
    ['a path leaving the directory', [{ path: '../x' }], /path must be a relative path/],
    ['an absolute target', [{ path: 'x', target: '/etc/x' }], /target must be a relative path/],
    ['a target used twice', [{ path: 'a/x' }, { path: 'b/x', target: 'a/x' }], /"a\/x" is used twice/],
    ['a bad checksum', [{ path: 'x', sha256: 'ABC' }], /sha256 must be 64 lower-case hex digits/],
    ['a negative size', [{ path: 'x', size: -1 }], /size must be a whole number/],
    ['no files', [], /files must be a non-empty array/],
  ])('rejects %s with INVALID_INPUT naming the field', (_, files, message) => {
    expect(() => validateManifest(manifestWith(files), 'test.json')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(message) }),
    );
  });

  it('reports a file that is not JSON as INVALID_INPUT', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'parley-manifest-')), 'm.json');
    writeFileSync(path, '{ nope');
    expect(() => loadModelManifest(path)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('hub URLs', () => {
  it('prefer the explicit endpoint, then PARLEY_HF_ENDPOINT, then HF_ENDPOINT, then huggingface.co', () => {
    const env = { PARLEY_HF_ENDPOINT: 'http://parley/', HF_ENDPOINT: 'http://hf' };
    expect(resolveEndpoint('http://flag/', env)).toBe('http://flag');
    expect(resolveEndpoint(undefined, env)).toBe('http://parley');
    expect(resolveEndpoint(undefined, { HF_ENDPOINT: 'http://hf' })).toBe('http://hf');
    expect(resolveEndpoint(undefined, {})).toBe(DEFAULT_HF_ENDPOINT);
    expect(() => resolveEndpoint('ftp://x', {})).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it("follow the hub's resolve layout, encoding each segment", () => {
    expect(fileUrl('https://huggingface.co', 'zukky/Qwen3-TTS-ONNX-DLL', 'main', 'onnx_kv_06b/text_project.onnx')).toBe(
      'https://huggingface.co/zukky/Qwen3-TTS-ONNX-DLL/resolve/main/onnx_kv_06b/text_project.onnx',
    );
    expect(fileUrl('http://h', 'o/n', 'refs/pr/1', 'a b/c#.json')).toBe('http://h/o/n/resolve/refs%2Fpr%2F1/a%20b/c%23.json');
  });
});
