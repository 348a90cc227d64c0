import { GraphBuilder } from '../onnx/graph-builder.js';
import type { BuildContext } from '../layers/context.js';
import type { WeightPrecision } from '@parley/qwen3-contract';
import type { WeightSource } from '../weights/weight-source.js';

/** A fresh opset-17 graph named after its file, with the weight source to fill it from. */
export function graphContext(name: string, weights: WeightSource, precision: WeightPrecision = 'fp32'): BuildContext {
  const graph = new GraphBuilder(name);
  graph.setMetadata('parley.weights', weights.description);
  if (precision !== 'fp32') graph.setMetadata('parley.precision', precision);
  return { graph, weights, precision };
}

/** `x[:, -1:, :]` — the last position of a `[1, T, D]` sequence, as `[1, 1, D]`. */
export function lastPosition(ctx: BuildContext, x: string): string {
  const g = ctx.graph;
  // 2^62 stands for "to the end": exact as a double, and far past any real sequence length.
  return g.op('Slice', [x, g.constI64([-1]), g.constI64([2 ** 62]), g.constI64([1])], {}, 'last_position');
}
