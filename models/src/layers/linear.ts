import { quantizedMatMul } from '../quantize/quantized-matmul.js';
import type { BuildContext } from './context.js';

/** Options for {@link linear}. */
export interface LinearOptions {
  /** Whether the layer has a bias (`.bias` [out]); the talker's projections have none. */
  bias?: boolean;
}

/**
 * `y = x·Wᵀ (+ b)` over the last axis, like `torch.nn.Linear(inFeatures, outFeatures)`. Asks for
 * `${prefix}.weight` in PyTorch's `[out, in]` layout and stores it transposed (`[in, out]`, as
 * `${prefix}.weight.T`) so that the graph needs a plain MatMul and no runtime Transpose; or, in
 * a quantized context, block-quantized for `MatMulNBits` (which takes the `[out, in]` layout).
 */
export function linear(
  ctx: BuildContext,
  x: string,
  prefix: string,
  inFeatures: number,
  outFeatures: number,
  options: LinearOptions = {},
): string {
  const weight = ctx.weights.tensor({ name: `${prefix}.weight`, shape: [outFeatures, inFeatures], init: 'fan-in' });
  const y =
    ctx.precision && ctx.precision !== 'fp32'
      ? quantizedMatMul(ctx.graph, x, prefix, weight, inFeatures, outFeatures, ctx.precision)
      : plainMatMul(ctx, x, prefix, weight, inFeatures, outFeatures);
  if (!options.bias) return y;
  const bias = ctx.weights.tensor({ name: `${prefix}.bias`, shape: [outFeatures], init: { std: 0.02 } });
  return ctx.graph.op('Add', [y, ctx.graph.initializer(`${prefix}.bias`, bias, [outFeatures])], {}, `${prefix}.add`);
}

function plainMatMul(ctx: BuildContext, x: string, prefix: string, weight: Float32Array, inFeatures: number, outFeatures: number): string {
  const w = ctx.graph.initializer(`${prefix}.weight.T`, transpose2d(weight, outFeatures, inFeatures), [inFeatures, outFeatures]);
  return ctx.graph.op('MatMul', [x, w], {}, `${prefix}.matmul`);
}

/** The transpose of a row-major `[rows, cols]` matrix, as a new `[cols, rows]` array. */
export function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = data[base + c]!;
  }
  return out;
}
