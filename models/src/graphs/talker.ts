import { CODEC_VOCAB_SIZE } from '../contract.js';
import type { KvPair } from '../layers/attention.js';
import type { BuildContext } from '../layers/context.js';
import { linear } from '../layers/linear.js';
import { QWEN3_TTS_ROPE_THETA } from '../layers/rope.js';
import { transformer, type TransformerConfig } from '../layers/transformer.js';
import type { GraphBuilder } from '../onnx/graph-builder.js';
import type { StandinSizes } from '../standin/sizes.js';
import { OFFICIAL } from '../weights/official-names.js';
import type { WeightSource } from '../weights/weight-source.js';
import { graphContext, lastPosition } from './graph-context.js';

/** Options for the talker graphs. */
export interface TalkerGraphOptions {
  /**
   * Prefill only: emit `last_hidden` as [1,T,H] (every position) instead of [1,1,H]. Real exports
   * may do either (docs/model.md#talker-output-shapes), so engines must take the last H floats;
   * this lets tests cover both.
   */
  lastHiddenAllPositions?: boolean;
}

/** The talker's transformer geometry from stand-in sizes. */
export function talkerConfig(sizes: StandinSizes): TransformerConfig {
  return {
    hidden: sizes.hidden,
    heads: sizes.heads,
    kvHeads: sizes.kvHeads,
    headDim: sizes.headDim,
    intermediate: sizes.intermediate,
    layers: sizes.layers,
    ropeTheta: QWEN3_TTS_ROPE_THETA,
  };
}

/**
 * `talker_prefill.onnx`: `inputs_embeds` f32 [1,T,H], `attention_mask` i64 [1,T] → `logits`
 * [1,T,3072], `last_hidden` [1,1,H] (after the final norm), then `present_key_i`,
 * `present_value_i` [1,kvH,T,hd] interleaved per layer (docs/model.md#community-layout).
 */
export function buildTalkerPrefill(weights: WeightSource, sizes: StandinSizes, options: TalkerGraphOptions = {}): GraphBuilder {
  const ctx = graphContext('talker_prefill', weights);
  const g = ctx.graph;
  const embeds = g.input('inputs_embeds', 'float32', [1, 'T', sizes.hidden]);
  const mask = g.input('attention_mask', 'int64', [1, 'T']);
  const result = transformer(ctx, embeds, OFFICIAL.talkerModel, talkerConfig(sizes), { attentionMask: mask });
  g.output(codecHead(ctx, result.hidden, sizes), 'logits', 'float32', [1, 'T', CODEC_VOCAB_SIZE]);
  const all = options.lastHiddenAllPositions === true;
  g.output(all ? result.hidden : lastPosition(ctx, result.hidden), 'last_hidden', 'float32', [1, all ? 'T' : 1, sizes.hidden]);
  outputPresents(g, result.presents, sizes, 'T');
  return g;
}

/**
 * `talker_decode.onnx`: `inputs_embeds` [1,1,H], `attention_mask` i64 [1,P+1],
 * `past_key_i`/`past_value_i` [1,kvH,P,hd] → `logits` [1,1,3072], `last_hidden` [1,1,H],
 * `present_key_i`/`present_value_i` [1,kvH,P+1,hd]. Same weights as the prefill graph; RoPE
 * positions continue at P (read from the cache's sequence axis).
 */
export function buildTalkerDecode(weights: WeightSource, sizes: StandinSizes): GraphBuilder {
  const ctx = graphContext('talker_decode', weights);
  const g = ctx.graph;
  const embeds = g.input('inputs_embeds', 'float32', [1, 1, sizes.hidden]);
  const mask = g.input('attention_mask', 'int64', [1, 'total_length']);
  const past: KvPair[] = [];
  for (let i = 0; i < sizes.layers; i++) {
    const key = g.input(`past_key_${i}`, 'float32', [1, sizes.kvHeads, 'past_length', sizes.headDim]);
    const value = g.input(`past_value_${i}`, 'float32', [1, sizes.kvHeads, 'past_length', sizes.headDim]);
    past.push({ key, value });
  }
  const result = transformer(ctx, embeds, OFFICIAL.talkerModel, talkerConfig(sizes), { attentionMask: mask, past });
  g.output(codecHead(ctx, result.hidden, sizes), 'logits', 'float32', [1, 1, CODEC_VOCAB_SIZE]);
  g.output(result.hidden, 'last_hidden', 'float32', [1, 1, sizes.hidden]);
  outputPresents(g, result.presents, sizes, 'total_length');
  return g;
}

function codecHead(ctx: BuildContext, hidden: string, sizes: StandinSizes): string {
  return linear(ctx, hidden, OFFICIAL.codecHead, sizes.hidden, CODEC_VOCAB_SIZE);
}

/** Outputs in the interleaved order key0, value0, key1, … that the layout uses. */
function outputPresents(g: GraphBuilder, presents: readonly KvPair[], sizes: StandinSizes, length: string): void {
  presents.forEach((p, i) => {
    g.output(p.key, `present_key_${i}`, 'float32', [1, sizes.kvHeads, length, sizes.headDim]);
    g.output(p.value, `present_value_${i}`, 'float32', [1, sizes.kvHeads, length, sizes.headDim]);
  });
}
