import type { WeightInit } from '../weights/weight-source.js';
import type { BuildContext } from './context.js';

/** Embedding tables are drawn N(0, 1): the RMSNorms downstream make their scale irrelevant. */
const EMBEDDING_INIT: WeightInit = { std: 1 };

/**
 * `Gather(table, ids)` over a `[rows, width]` table named `name` (an `nn.Embedding.weight`):
 * ids `[…]` give `[…, width]`.
 */
export function embedding(
  ctx: BuildContext,
  ids: string,
  name: string,
  rows: number,
  width: number,
  init: WeightInit = EMBEDDING_INIT,
): string {
  const table = ctx.weights.tensor({ name, shape: [rows, width], init });
  return ctx.graph.op('Gather', [ctx.graph.initializer(name, table, [rows, width]), ids], { axis: 0 }, `${name}.gather`);
}

/**
 * Several `[rows, width]` tables stacked into one `[count·rows, width]` initializer named
 * `stackedName`, so that table t, row r is row `t·rows + r` — one Gather serves all of them.
 */
export function stackedTables(
  ctx: BuildContext,
  names: readonly string[],
  stackedName: string,
  rows: number,
  width: number,
  init: WeightInit = EMBEDDING_INIT,
): string {
  const stacked = new Float32Array(names.length * rows * width);
  names.forEach((name, t) => stacked.set(ctx.weights.tensor({ name, shape: [rows, width], init }), t * rows * width));
  return ctx.graph.initializer(stackedName, stacked, [names.length * rows, width]);
}
