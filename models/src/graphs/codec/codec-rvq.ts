import type { ConvContext } from './codec-convs.js';
import type { CodecDecoderSizes } from './codec-sizes.js';

/**
 * Dequantizes codes `[1, n, Q]` into the decoder's input `[1, codebookDim, n]` (`quantizer`):
 * codebook 0 through `rvq_first`, 1..Q−1 through `rvq_rest`. Each codebook's vectors are its
 * `embedding_sum / max(cluster_usage, 1e-5)`, looked up per code and summed within each
 * group, then projected by the group's 1×1 `output_proj`. The tables are computed here, at
 * build time, so the graph holds only the vectors.
 */
export function dequantize(ctx: ConvContext, codes: string, prefix: string, sizes: CodecDecoderSizes): string {
  const g = ctx.graph;
  const first = group(ctx, codes, `${prefix}.rvq_first`, sizes, 0, 1);
  const rest = group(ctx, codes, `${prefix}.rvq_rest`, sizes, 1, sizes.quantizers - 1);
  return g.op('Add', [first, rest], {}, `${prefix}.out`);
}

/** Codebooks `from`..`from + count − 1`, summed and projected: `[1, codebookDim, n]`. */
function group(ctx: ConvContext, codes: string, prefix: string, sizes: CodecDecoderSizes, from: number, count: number): string {
  const g = ctx.graph;
  const dim = sizes.codebookDim / 2;
  const table = new Float32Array(count * sizes.codebookSize * dim);
  for (let q = 0; q < count; q++)
    table.set(codebookVectors(ctx, `${prefix}.vq.layers.${q}._codebook`, sizes.codebookSize, dim), q * sizes.codebookSize * dim);
  const stacked = g.initializer(`${prefix}.codebooks`, table, [count * sizes.codebookSize, dim]);
  const offsets = g.constI64(Array.from({ length: count }, (_, q) => q * sizes.codebookSize));
  const ids = g.op('Add', [g.op('Slice', [codes, g.constI64([from]), g.constI64([from + count]), g.constI64([2])]), offsets]);
  const summed = g.op('ReduceSum', [g.op('Gather', [stacked, ids], { axis: 0 }), g.constI64([2])], { keepdims: 0 }); // [1, n, dim]
  const weightName = `${prefix}.output_proj.weight`;
  const weight = g.initializer(weightName, ctx.weights.tensor({ name: weightName, shape: [sizes.codebookDim, dim, 1], init: 'fan-in' }), [
    sizes.codebookDim,
    dim,
    1,
  ]);
  return g.op('Conv', [g.op('Transpose', [summed], { perm: [0, 2, 1] }), weight], { kernel_shape: [1] }, `${prefix}.projected`);
}

/** One codebook's vectors `[size, dim]`. */
function codebookVectors(ctx: ConvContext, prefix: string, size: number, dim: number): Float32Array {
  const sums = ctx.weights.tensor({ name: `${prefix}.embedding_sum`, shape: [size, dim], init: { std: 1 } });
  const usage = ctx.weights.tensor({ name: `${prefix}.cluster_usage`, shape: [size], init: 'norm' });
  const vectors = new Float32Array(sums.length);
  for (let c = 0; c < size; c++) {
    const divisor = Math.max(usage[c]!, 1e-5);
    for (let i = 0; i < dim; i++) vectors[c * dim + i] = sums[c * dim + i]! / divisor;
  }
  return vectors;
}
