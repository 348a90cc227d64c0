import type { KvPair } from '../../layers/attention.js';
import type { BuildContext } from '../../layers/context.js';

/**
 * The parley layout's KV cache (docs/model.md#kv-caches): the engine keeps, per layer, a key and a
 * value buffer of `[kvHeads, capacity, headDim]` and writes each step's new position into them; the
 * step graphs read the whole buffers in place, with `past_length` saying how many positions are
 * filled. Nothing of the cache is copied per step, neither out of the run (the community layout's
 * cost, ~1 ms/MB: docs/model.md#what-onnx-runtime-costs) nor inside the graph (a transpose or
 * concat of the cache costs as much per step and grows with the context).
 */
export interface CacheGeometry {
  readonly layers: number;
  readonly kvHeads: number;
  readonly headDim: number;
}

/**
 * Declares `past_key_i` / `past_value_i` f32 `[kvH, capacity, hd]` per layer and `past_length`
 * i64 `[1]`, in the shape `transformer`'s `capacityPast` takes.
 */
export function capacityPastInputs(ctx: BuildContext, geometry: CacheGeometry): { pairs: KvPair[]; length: string } {
  const g = ctx.graph;
  const dims = [geometry.kvHeads, 'capacity', geometry.headDim];
  const pairs: KvPair[] = [];
  for (let i = 0; i < geometry.layers; i++) {
    pairs.push({ key: g.input(`past_key_${i}`, 'float32', dims), value: g.input(`past_value_${i}`, 'float32', dims) });
  }
  return { pairs, length: g.input('past_length', 'int64', [1]) };
}

/**
 * Outputs each layer's pair (`[1, kvH, T, hd]` or `[kvH, T, hd]`) as `<prefix>key_i` /
 * `<prefix>value_i` f32 `[kvH, lengthDim, hd]`, interleaved key0, value0, key1, … like the
 * community presents. A reshape only: the layout is already head-major.
 */
export function outputHeadMajor(
  ctx: BuildContext,
  pairs: readonly KvPair[],
  geometry: CacheGeometry,
  prefix: string,
  lengthDim: string | number,
): void {
  const g = ctx.graph;
  const shape = g.constI64([geometry.kvHeads, -1, geometry.headDim]);
  const dims = [geometry.kvHeads, lengthDim, geometry.headDim];
  pairs.forEach((pair, i) => {
    g.output(g.op('Reshape', [pair.key, shape]), `${prefix}key_${i}`, 'float32', dims);
    g.output(g.op('Reshape', [pair.value, shape]), `${prefix}value_${i}`, 'float32', dims);
  });
}
