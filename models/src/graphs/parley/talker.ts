import { CODEC_VOCAB_SIZE } from '../../contract.js';
import { linear } from '../../layers/linear.js';
import { transformer } from '../../layers/transformer.js';
import type { GraphBuilder } from '../../onnx/graph-builder.js';
import type { WeightPrecision } from '@parley/qwen3-contract';
import type { StandinSizes } from '../../standin/sizes.js';
import { OFFICIAL } from '../../weights/official-names.js';
import type { WeightSource } from '../../weights/weight-source.js';
import { graphContext, lastPosition } from '../graph-context.js';
import { talkerConfig } from '../talker.js';
import { capacityPastInputs, outputHeadMajor, type CacheGeometry } from './capacity-cache.js';

/** The talker's cache geometry (28 × [T, 8, 128] per tensor at 0.6B). */
export function talkerCacheGeometry(sizes: StandinSizes): CacheGeometry {
  return { layers: sizes.layers, kvHeads: sizes.kvHeads, headDim: sizes.headDim };
}

/**
 * `parley_talker_prefill.onnx`: `inputs_embeds` f32 [1,T,H] → `logits` [1,1,3072] (last
 * position only: the engine reads nothing else), `last_hidden` [1,1,H], and `present_key_i` /
 * `present_value_i` f32 [kvH,T,hd], which the engine copies into its capacity buffers. Same
 * weights and arithmetic as the community `talker_prefill`.
 *
 * No `attention_mask`: the batch-1 engine only ever sends ones (models README), and positions
 * come from the sequence itself, so the input would be dead weight.
 */
export function buildParleyTalkerPrefill(weights: WeightSource, sizes: StandinSizes, precision: WeightPrecision = 'fp32'): GraphBuilder {
  const ctx = graphContext('parley_talker_prefill', weights, precision);
  const g = ctx.graph;
  const embeds = g.input('inputs_embeds', 'float32', [1, 'T', sizes.hidden]);
  const result = transformer(ctx, embeds, OFFICIAL.talkerModel, talkerConfig(sizes));
  const last = lastPosition(ctx, result.hidden);
  g.output(linear(ctx, last, OFFICIAL.codecHead, sizes.hidden, CODEC_VOCAB_SIZE), 'logits', 'float32', [1, 1, CODEC_VOCAB_SIZE]);
  g.output(last, 'last_hidden', 'float32', [1, 1, sizes.hidden]);
  outputHeadMajor(ctx, result.presents, talkerCacheGeometry(sizes), 'present_', 'T');
  return g;
}

/**
 * `parley_talker_decode.onnx`: `inputs_embeds` f32 [1,1,H], `past_key_i` / `past_value_i` f32
 * [kvH,C,hd] (the engine's buffers, read in place) and `past_length` i64 [1] (P ≤ C filled) →
 * `logits` [1,1,3072], `last_hidden` [1,1,H], and only the new position's `new_key_i` /
 * `new_value_i` f32 [kvH,1,hd] (docs/model.md#parley-layout: returning the whole cache costs ~46 ms
 * of output copies per step at 200 tokens; concatenating or transposing it inside the graph costs
 * about as much).
 *
 * No `attention_mask`: the RoPE position is P, and every filled position is visible (the
 * community decode's mask is all ones in the engine).
 */
export function buildParleyTalkerDecode(weights: WeightSource, sizes: StandinSizes, precision: WeightPrecision = 'fp32'): GraphBuilder {
  const ctx = graphContext('parley_talker_decode', weights, precision);
  const g = ctx.graph;
  const embeds = g.input('inputs_embeds', 'float32', [1, 1, sizes.hidden]);
  const geometry = talkerCacheGeometry(sizes);
  const past = capacityPastInputs(ctx, geometry);
  const result = transformer(ctx, embeds, OFFICIAL.talkerModel, talkerConfig(sizes), { capacityPast: past });
  g.output(linear(ctx, result.hidden, OFFICIAL.codecHead, sizes.hidden, CODEC_VOCAB_SIZE), 'logits', 'float32', [1, 1, CODEC_VOCAB_SIZE]);
  g.output(result.hidden, 'last_hidden', 'float32', [1, 1, sizes.hidden]);
  outputHeadMajor(ctx, result.added, geometry, 'new_', 1);
  return g;
}
