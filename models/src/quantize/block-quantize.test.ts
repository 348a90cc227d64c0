import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { linear } from '../layers/linear.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { maxAbsDiff, randomFloats } from '../testing/ort.js';
import type { WeightSource } from '../weights/weight-source.js';
import { blockDequantize, blockQuantize } from './block-quantize.js';
import type { WeightPrecision } from '@parley/qwen3-contract';
import { QUANT_BLOCK_SIZE } from './quantized-matmul.js';

describe('blockQuantize', () => {
  it.each([4, 8] as const)('round-trips %i-bit weights within half a step of each block, the largest magnitude exactly', (bits) => {
    const [n, k, block] = [6, 80, 32]; // 80 = 2.5 blocks: the last block is padded
    const weight = randomFloats(n * k, bits);
    const q = blockQuantize(weight, n, k, bits, block);
    expect([q.kBlocks, q.blobSize, q.packed.length, q.scales.length]).toEqual([3, (32 * bits) / 8, n * 3 * ((32 * bits) / 8), n * 3]);
    const back = blockDequantize(q, n, k, bits, block);
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < k; col++) {
        const scale = q.scales[row * 3 + Math.floor(col / block)]!;
        expect(Math.abs(back[row * k + col]! - weight[row * k + col]!)).toBeLessThanOrEqual(scale / 2 + 1e-7);
      }
    }
    const absMaxAt = weight.reduce((best, v, i) => (Math.abs(v) > Math.abs(weight[best]!) ? i : best), 0);
    expect(back[absMaxAt]).toBeCloseTo(weight[absMaxAt]!, 5);
  });

  it('packs 4-bit codes low nibble first, with the zero point 8 for zero and for padding', () => {
    // One row, K = 3 in a block of 16: codes 8+7, 8−7, 8+0, then 13 padding zeros.
    const q = blockQuantize(Float32Array.from([0.7, -0.7, 0]), 1, 3, 4, 16);
    expect(q.scales[0]).toBeCloseTo(0.1, 7);
    expect(Array.from(q.packed)).toEqual([(1 << 4) | 15, (8 << 4) | 8, ...Array(6).fill(0x88)]);
  });

  it('gives an all-zero block a zero scale and zero-point codes', () => {
    const q = blockQuantize(new Float32Array(32), 1, 32, 8, 32);
    expect([q.scales[0], ...new Set(q.packed)]).toEqual([0, 128]);
  });
});

/** A source that serves the same fixed weight for every Linear. */
const fixed = (weight: Float32Array): WeightSource => ({ description: 'fixed', tensor: () => weight });

async function linearOutput(
  precision: WeightPrecision,
  weight: Float32Array,
  x: Float32Array,
  k: number,
  n: number,
): Promise<Float32Array> {
  const graph = new GraphBuilder('linear');
  const input = graph.input('x', 'float32', [1, 2, k]);
  graph.output(linear({ graph, weights: fixed(weight), precision }, input, 'layer', k, n), 'y', 'float32', [1, 2, n]);
  const session = await ort.InferenceSession.create(graph.toBytes(), { intraOpNumThreads: 1 });
  return (await session.run({ x: new ort.Tensor('float32', x, [1, 2, k]) })).y!.data as Float32Array;
}

describe('linear at a quantized precision (MatMulNBits)', () => {
  it.each([
    ['int8', 8],
    ['q4', 4],
  ] as const)('%s computes x·Wᵀ with the dequantized weight, up to the int8 activations of accuracy level 4', async (precision, bits) => {
    const [k, n] = [320, 40]; // 2.5 blocks of 128: the padded last block is exercised too
    const weight = randomFloats(n * k, 7);
    const x = randomFloats(2 * k, 8);
    const block = QUANT_BLOCK_SIZE[precision];
    const dequantized = blockDequantize(blockQuantize(weight, n, k, bits, block), n, k, bits, block);
    const [quantized, reference, exact] = await Promise.all([
      linearOutput(precision, weight, x, k, n),
      linearOutput('fp32', dequantized, x, k, n),
      linearOutput('fp32', weight, x, k, n),
    ]);
    const range = Math.max(...exact.map(Math.abs));
    expect(maxAbsDiff(quantized, reference)).toBeLessThan(0.01 * range);
    expect(maxAbsDiff(quantized, exact)).toBeLessThan((bits === 8 ? 0.02 : 0.15) * range);
  });
});
