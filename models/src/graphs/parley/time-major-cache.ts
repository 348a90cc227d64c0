import type { KvPair } from '../../layers/attention.js';
import type { BuildContext } from '../../layers/context.js';

/**
 * The parley layout's KV cache is time-major, `[T, kvHeads, headDim]` per layer and tensor
 * (issue 7): an engine appends each step's `[1, kvH, hd]` to a preallocated buffer, and the
 * filled prefix `[P, kvH, hd]` is then one contiguous view that goes in as an input without a
 * copy (ENVIRONMENT.md: CPU inputs are used in place, outputs cost ~1 ms/MB). The attention layers
 * work head-major (`[1, kvH, T, hd]`, the community layout), so the graphs convert at the edges.
 */
export interface CacheGeometry {
  readonly layers: number;
  readonly kvHeads: number;
  readonly headDim: number;
}

/**
 * Declares `past_key_i` / `past_value_i` f32 `[lengthDim, kvH, hd]` for every layer and returns
 * them head-major (`[1, kvH, P, hd]`) for the transformer. The Transpose is an in-graph copy of
 * the cache per step: far cheaper than the output copy it replaces (no JS allocation).
 */
export function timeMajorPastInputs(ctx: BuildContext, geometry: CacheGeometry, lengthDim: string): KvPair[] {
  const g = ctx.graph;
  const past: KvPair[] = [];
  for (let i = 0; i < geometry.layers; i++) {
    const key = g.input(`past_key_${i}`, 'float32', [lengthDim, geometry.kvHeads, geometry.headDim]);
    const value = g.input(`past_value_${i}`, 'float32', [lengthDim, geometry.kvHeads, geometry.headDim]);
    past.push({ key: toHeadMajor(ctx, key), value: toHeadMajor(ctx, value) });
  }
  return past;
}

/**
 * Outputs each layer's `[1, kvH, T, hd]` pair time-major as `<prefix>key_i` / `<prefix>value_i`
 * f32 `[lengthDim, kvH, hd]`, interleaved key0, value0, key1, … like the community presents.
 */
export function outputTimeMajor(ctx: BuildContext, pairs: readonly KvPair[], geometry: CacheGeometry, prefix: string, lengthDim: string | number): void {
  const g = ctx.graph;
  const dims = [lengthDim, geometry.kvHeads, geometry.headDim];
  pairs.forEach((pair, i) => {
    g.output(toTimeMajor(ctx, pair.key, geometry), `${prefix}key_${i}`, 'float32', dims);
    g.output(toTimeMajor(ctx, pair.value, geometry), `${prefix}value_${i}`, 'float32', dims);
  });
}

/** `[P, kvH, hd]` → `[1, kvH, P, hd]`. */
function toHeadMajor(ctx: BuildContext, x: string): string {
  const g = ctx.graph;
  return g.op('Unsqueeze', [g.op('Transpose', [x], { perm: [1, 0, 2] }), g.constI64([0])]);
}

/** `[1, kvH, T, hd]` → `[T, kvH, hd]`. */
function toTimeMajor(ctx: BuildContext, x: string, geometry: CacheGeometry): string {
  const g = ctx.graph;
  const transposed = g.op('Transpose', [x], { perm: [0, 2, 1, 3] });
  return g.op('Reshape', [transposed, g.constI64([-1, geometry.kvHeads, geometry.headDim])]);
}
