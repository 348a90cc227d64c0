import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemporaryDirs, temporaryDir } from '../testing/ort.js';
import { FloatAttr } from './attributes.js';
import { GraphBuilder } from './graph-builder.js';
import { writeModel } from './model-writer.js';

afterAll(removeTemporaryDirs);

/** y = LeakyRelu(x · W + b, alpha), with W [n, 2] filled 0, 1, 2, … */
function affine(n: number): GraphBuilder {
  const g = new GraphBuilder('affine');
  const x = g.input('x', 'float32', ['batch', n]);
  const w = g.initializer(
    'w',
    Float32Array.from({ length: n * 2 }, (_, i) => i),
    [n, 2],
  );
  const y = g.op('Add', [g.op('MatMul', [x, w]), g.constF32([0.5, -100])]);
  g.output(g.op('LeakyRelu', [y], { alpha: new FloatAttr(0.25) }), 'y', 'float32', ['batch', 2]);
  return g;
}

async function runAffine(path: string, n: number): Promise<number[]> {
  const session = await ort.InferenceSession.create(path);
  const { y } = await session.run({ x: new ort.Tensor('float32', new Float32Array(n).fill(1), [1, n]) });
  return Array.from(y!.data as Float32Array);
}

describe('GraphBuilder', () => {
  it('builds a model that onnxruntime runs, with int and float attributes and shared constants', async () => {
    const path = join(temporaryDir(), 'affine.onnx');
    writeFileSync(path, affine(3).toBytes());
    // column sums of W: 0+2+4 = 6 and 1+3+5 = 9; the second goes negative and is scaled by alpha
    expect(await runAffine(path, 3)).toEqual([6.5, (9 - 100) * 0.25]);
  });

  it('writes large initializers to an external .data file that onnxruntime loads', async () => {
    const path = join(temporaryDir(), 'big.onnx');
    const n = 1024;
    const written = writeModel(path, affine(n), { externalData: 'always' });
    expect(existsSync(`${path}.data`)).toBe(true);
    expect(written.externalBytes).toBeGreaterThanOrEqual(n * 2 * 4);
    expect(written.modelBytes).toBeLessThan(4096);
    const [a] = await runAffine(path, n);
    expect(a).toBe(n * (n - 1) + 0.5); // Σ 2i for i < n
  });

  it('rejects a duplicate initializer, a wrong element count and a float passed as an int attribute', () => {
    const g = new GraphBuilder('bad');
    g.initializer('w', new Float32Array(2), [2]);
    expect(() => g.initializer('w', new Float32Array(2), [2])).toThrow(/duplicate/);
    expect(() => g.initializer('v', new Float32Array(3), [2])).toThrow(/3 elements/);
    expect(() => g.op('LeakyRelu', ['w'], { alpha: 0.25 })).toThrow(/FloatAttr/);
  });
});
