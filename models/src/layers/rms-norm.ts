import type { BuildContext } from './context.js';

/** Qwen3's `rms_norm_eps` (talker, code predictor and q/k norms alike; docs/model.md#sizes). */
export const QWEN3_RMS_NORM_EPS = 1e-6;

/**
 * Qwen3 RMSNorm over the last axis: `w · x / sqrt(mean(x²) + eps)`, with `${prefix}.weight`
 * [size]. Used for the layer norms over H and, per head, for `q_norm`/`k_norm` over head_dim.
 */
export function rmsNorm(ctx: BuildContext, x: string, prefix: string, size: number, eps = QWEN3_RMS_NORM_EPS): string {
  const g = ctx.graph;
  const weight = g.initializer(`${prefix}.weight`, ctx.weights.tensor({ name: `${prefix}.weight`, shape: [size], init: 'norm' }), [size]);
  // Opset 17 still takes ReduceMean's axes as an attribute (it became an input in opset 18).
  const meanSquare = g.op('ReduceMean', [g.op('Mul', [x, x])], { axes: [-1], keepdims: 1 }, `${prefix}.ms`);
  const invRms = g.op('Reciprocal', [g.op('Sqrt', [g.op('Add', [meanSquare, g.constF32([eps], [])])])]);
  return g.op('Mul', [g.op('Mul', [x, invRms]), weight], {}, `${prefix}.out`);
}
