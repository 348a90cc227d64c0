import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomFloats, removeTemporaryDirs, temporaryDir } from '../testing/ort.js';
import { readSafetensorsHeader } from './safetensors-format.js';
import { SafetensorsWeights } from './safetensors-weights.js';
import { writeSafetensors, type TensorToWrite } from './safetensors-writer.js';

afterAll(removeTemporaryDirs);

const spec = (name: string, shape: readonly number[]) => ({ name, shape, init: 'fan-in' as const });

/** Three tensors of different sizes, so each one's offset matters. */
function sample(): Map<string, TensorToWrite> {
  return new Map([
    ['talker.model.norm.weight', { shape: [5], data: randomFloats(5, 1) }],
    ['talker.codec_head.weight', { shape: [7, 3], data: randomFloats(21, 2) }],
    ['talker.model.layers.0.mlp.up_proj.weight', { shape: [4, 2, 3], data: randomFloats(24, 3) }],
  ]);
}

function writeSample(options: Parameters<typeof writeSafetensors>[2] = {}): string {
  const path = join(temporaryDir(), 'model.safetensors');
  writeSafetensors(path, sample(), options);
  return path;
}

function expectClose(actual: Float32Array, expected: Float32Array, relative: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++)
    expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(Math.abs(expected[i]!) * relative + 1e-7);
}

describe('safetensors round trip', () => {
  it('F32 reads back every tensor exactly, each from its own offset', () => {
    const weights = new SafetensorsWeights([writeSample()]);
    for (const [name, { shape, data }] of sample()) expect(weights.tensor(spec(name, shape))).toEqual(data);
    expect(weights.names()).toHaveLength(3);
  });

  it('BF16 keeps 8 mantissa bits and F16 keeps 11 (round to nearest)', () => {
    const bf16 = new SafetensorsWeights([writeSample({ dtype: 'BF16' })]);
    const f16 = new SafetensorsWeights([writeSample({ dtype: 'F16' })]);
    for (const [name, { shape, data }] of sample()) {
      expectClose(bf16.tensor(spec(name, shape)), data as Float32Array, 2 ** -8);
      expectClose(f16.tensor(spec(name, shape)), data as Float32Array, 2 ** -11);
    }
  });

  it('converts exact F16 and BF16 values, subnormals and infinities included', () => {
    const values = Float32Array.from([0, -0, 1, -2.5, 65504, 2 ** -24, 2 ** -14, Infinity, -Infinity, 1e6]);
    const dir = temporaryDir();
    writeSafetensors(join(dir, 'h.safetensors'), new Map([['x', { shape: [10], data: values }]]), { dtype: 'F16' });
    const f16 = new SafetensorsWeights([join(dir, 'h.safetensors')]).tensor(spec('x', [10]));
    expect([...f16]).toEqual([0, -0, 1, -2.5, 65504, 2 ** -24, 2 ** -14, Infinity, -Infinity, Infinity]);
    writeSafetensors(join(dir, 'b.safetensors'), new Map([['x', { shape: [10], data: values }]]), { dtype: 'BF16' });
    const bf16 = new SafetensorsWeights([join(dir, 'b.safetensors')]).tensor(spec('x', [10]));
    expect([...bf16.subarray(0, 9)]).toEqual([0, -0, 1, -2.5, 65536, 2 ** -24, 2 ** -14, Infinity, -Infinity]);
  });

  it('pads the header to 8 bytes and keeps __metadata__', () => {
    const path = writeSample({ metadata: { format: 'pt' } });
    expect(Number(readFileSync(path).readBigUInt64LE(0)) % 8).toBe(0);
    expect(readSafetensorsHeader(path).metadata).toEqual({ format: 'pt' });
  });

  it('a sharded checkpoint is found through model.safetensors.index.json', () => {
    const dir = temporaryDir();
    const [first, ...rest] = [...sample()];
    writeSafetensors(join(dir, 'model-00001-of-00002.safetensors'), new Map([first!]));
    writeSafetensors(join(dir, 'model-00002-of-00002.safetensors'), new Map(rest));
    const weightMap = Object.fromEntries(
      [...sample().keys()].map((name, i) => [name, `model-0000${i === 0 ? 1 : 2}-of-00002.safetensors`]),
    );
    writeFileSync(join(dir, 'model.safetensors.index.json'), JSON.stringify({ metadata: {}, weight_map: weightMap }));
    const weights = SafetensorsWeights.fromDirectory(dir);
    expect(weights.paths).toHaveLength(2);
    for (const [name, { shape, data }] of sample()) expect(weights.tensor(spec(name, shape))).toEqual(data);
  });
});

describe('safetensors errors name what is wrong', () => {
  it('a missing tensor names it and the files searched', () => {
    const path = writeSample();
    expect(() => new SafetensorsWeights([path]).tensor(spec('talker.model.layers.9.mlp.up_proj.weight', [4, 2, 3]))).toThrow(
      `tensor talker.model.layers.9.mlp.up_proj.weight not found (also tried model.layers.9.mlp.up_proj.weight) in ${path}`,
    );
  });

  it('a wrong shape names the tensor and both shapes', () => {
    expect(() => new SafetensorsWeights([writeSample()]).tensor(spec('talker.codec_head.weight', [3, 7]))).toThrow(
      /tensor talker\.codec_head\.weight has shape \[7, 3\], expected \[3, 7\]/,
    );
  });

  it('accepts names stored without the talker. prefix, and with it when asked without', () => {
    const dir = temporaryDir();
    const stripped = new Map([...sample()].map(([name, tensor]) => [name.replace(/^talker\./, ''), tensor]));
    writeSafetensors(join(dir, 'model.safetensors'), stripped);
    const weights = SafetensorsWeights.fromDirectory(dir);
    expect(weights.tensor(spec('talker.codec_head.weight', [7, 3]))).toEqual(sample().get('talker.codec_head.weight')!.data);
    expect(() => weights.tensor(spec('talker.model.norm.weight', [6]))).toThrow(
      /talker\.model\.norm\.weight \(stored as model\.norm\.weight\) has shape \[5\], expected \[6\]/,
    );
    const prefixed = new SafetensorsWeights([writeSample()]);
    expect(prefixed.tensor(spec('model.norm.weight', [5]))).toEqual(sample().get('talker.model.norm.weight')!.data);
  });

  it('a truncated file, a bad header or a directory without safetensors is a clear error', () => {
    const path = writeSample();
    truncateSync(path, readFileSync(path).byteLength - 4);
    expect(() => new SafetensorsWeights([path])).toThrow(
      /truncated: tensor talker\.model\.layers\.0\.mlp\.up_proj\.weight ends at byte \d+ but the file has \d+ bytes/,
    );
    truncateSync(path, 20);
    expect(() => new SafetensorsWeights([path])).toThrow(/bad or truncated safetensors header/);
    const garbage = join(temporaryDir(), 'g.safetensors');
    writeFileSync(garbage, Buffer.concat([Buffer.from([4, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{oops')]));
    expect(() => new SafetensorsWeights([garbage])).toThrow(/g\.safetensors: bad safetensors header/);
    const empty = temporaryDir();
    expect(() => SafetensorsWeights.fromDirectory(empty)).toThrow(
      `no model.safetensors, model.safetensors.index.json or other .safetensors file in ${empty}`,
    );
  });
});
