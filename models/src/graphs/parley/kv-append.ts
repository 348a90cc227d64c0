import { GraphBuilder } from '../../onnx/graph-builder.js';
import type { StandinSizes } from '../../standin/sizes.js';
import { codePredictorCacheGeometry } from './code-predictor.js';
import type { CacheGeometry } from './capacity-cache.js';
import { talkerCacheGeometry } from './talker.js';

/**
 * A weightless graph that writes a step's new position into a capacity cache and returns the
 * whole updated cache, for an engine whose cache lives on a GPU. A step graph returns only
 * `new_*`; on the CPU the engine copies them into its buffers in JS, but a GPU buffer cannot be
 * written from JS (and reading one back costs a round trip per step), so this graph does the
 * write on the device:
 *
 * `past_key_i` / `past_value_i` f32 `[kvH, C, hd]`, `new_key_i` / `new_value_i` f32 `[kvH, 1,
 * hd]`, `past_length` i64 `[1]` (P, where the new position goes) and `capacity` i64 `[1]`
 * (C' ≥ max(C, P + 1), the output's capacity) → `present_key_i` / `present_value_i` f32
 * `[kvH, C', hd]`: the past padded with zeros to C', position P replaced by the new one. Growing
 * is the same run with a larger C', so the engine never needs the cache on the host.
 */
export function buildKvAppend(name: string, geometry: CacheGeometry): GraphBuilder {
  const g = new GraphBuilder(name);
  const pastDims = [geometry.kvHeads, 'capacity', geometry.headDim];
  const newDims = [geometry.kvHeads, 1, geometry.headDim];
  const presentDims = [geometry.kvHeads, 'new_capacity', geometry.headDim];
  const pasts = Array.from({ length: geometry.layers }, (_, i) => ({
    key: g.input(`past_key_${i}`, 'float32', pastDims),
    value: g.input(`past_value_${i}`, 'float32', pastDims),
  }));
  const news = Array.from({ length: geometry.layers }, (_, i) => ({
    key: g.input(`new_key_${i}`, 'float32', newDims),
    value: g.input(`new_value_${i}`, 'float32', newDims),
  }));
  const length = g.input('past_length', 'int64', [1]);
  const capacity = g.input('capacity', 'int64', [1]);
  const { pads, at } = appendPlan(g, pasts[0]!.key, length, capacity);
  pasts.forEach((past, i) => {
    for (const kind of ['key', 'value'] as const) {
      const padded = g.op('Pad', [past[kind], pads, g.constF32([0], [])], { mode: 'constant' });
      g.output(g.op('Where', [at, news[i]![kind], padded]), `present_${kind}_${i}`, 'float32', presentDims);
    }
  });
  return g;
}

/**
 * What every layer's append shares: the `Pad` pads that grow the time axis from C to C', and a
 * `[1, C', 1]` mask that is true at position P only.
 */
function appendPlan(g: GraphBuilder, anyPast: string, length: string, capacity: string): { pads: string; at: string } {
  const grow = g.op('Sub', [capacity, g.op('Shape', [anyPast], { start: 1, end: 2 })]);
  const zero = g.constI64([0]);
  const pads = g.op('Concat', [zero, zero, zero, zero, grow, zero], { axis: 0 }, 'pads');
  const ids = g.op('Range', [g.constI64([0], []), g.op('Squeeze', [capacity, zero]), g.constI64([1], [])], {}, 'positions');
  const at = g.op('Unsqueeze', [g.op('Equal', [ids, length]), g.constI64([0, 2])], {}, 'new_position');
  return { pads, at };
}

/** `parley_talker_kv_append.onnx`: {@link buildKvAppend} over the talker's cache. */
export function buildTalkerKvAppend(sizes: StandinSizes): GraphBuilder {
  return buildKvAppend('parley_talker_kv_append', talkerCacheGeometry(sizes));
}

/** `parley_code_predictor_kv_append.onnx`: {@link buildKvAppend} over the code predictor's cache. */
export function buildCodePredictorKvAppend(sizes: StandinSizes): GraphBuilder {
  return buildKvAppend('parley_code_predictor_kv_append', codePredictorCacheGeometry(sizes));
}
