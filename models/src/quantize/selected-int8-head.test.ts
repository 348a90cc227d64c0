import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { int64, maxAbsDiff, randomFloats } from '../testing/ort.js';
import { selectedInt8Head } from './selected-int8-head.js';

const [K, N, HEADS] = [96, 40, 3];

/** `x · W[step]ᵀ` in float64, the reference. */
function reference(x: Float32Array, weight: Float32Array): Float32Array {
  return Float32Array.from({ length: N }, (_, n) => x.reduce((sum, v, k) => sum + v * weight[n * K + k]!, 0));
}

describe('selectedInt8Head', () => {
  it('gives each step its own head, within 2 % of the output range of the fp32 product', async () => {
    const heads = Array.from({ length: HEADS }, (_, j) => randomFloats(N * K, 30 + j));
    const g = new GraphBuilder('heads');
    const x = g.input('x', 'float32', [1, 1, K]);
    const step = g.input('step', 'int64', [1]);
    g.output(selectedInt8Head(g, x, step, heads, K, N, 'head'), 'y', 'float32', [1, 1, N]);
    const session = await ort.InferenceSession.create(g.toBytes(), { intraOpNumThreads: 1 });
    const input = randomFloats(K, 40);
    for (let j = 0; j < HEADS; j++) {
      const y = (await session.run({ x: new ort.Tensor('float32', input, [1, 1, K]), step: int64([j], [1]) })).y!.data as Float32Array;
      const exact = reference(input, heads[j]!);
      const range = Math.max(...exact.map(Math.abs));
      expect(maxAbsDiff(y, exact)).toBeLessThan(0.02 * range);
      expect(maxAbsDiff(y, reference(input, heads[(j + 1) % HEADS]!))).toBeGreaterThan(0.2 * range);
    }
  });
});
