import { attentionInputs, dimOf } from './attention-bias.js';
import { selfAttention, type KvPair } from './attention.js';
import { capacityFillBias, capacityStepAttention } from './capacity-attention.js';
import type { BuildContext } from './context.js';
import { decoderLayer, type Attend, type DecoderLayerConfig } from './decoder-layer.js';
import { rmsNorm } from './rms-norm.js';
import { ropeTables } from './rope.js';

/** The geometry of a Qwen3 decoder stack. */
export interface TransformerConfig extends DecoderLayerConfig {
  readonly layers: number;
  readonly ropeTheta: number;
}

/** Inputs of {@link transformer} beyond the embeddings. */
export interface TransformerInputs {
  /** int64 `[1, S]`; keys where it is 0 are masked (see `attentionInputs`). */
  readonly attentionMask?: string;
  /** One cache pair per layer; omitted for a graph without cache (prefill, code predictor). */
  readonly past?: readonly KvPair[];
  /**
   * Instead of `past`: one `[kvH, C, hd]` buffer pair per layer of which the first `length`
   * (int64 `[1]`) positions are filled, for a one-position step (docs/model.md#parley-layout).
   */
  readonly capacityPast?: { readonly pairs: readonly KvPair[]; readonly length: string };
}

/** What {@link transformer} returns. */
export interface TransformerResult {
  /** `[1, T, hidden]` after the final `norm` — HF's `last_hidden_state`. */
  readonly hidden: string;
  /** Per layer, the extended cache (empty with `capacityPast`: the cache stays in the engine). */
  readonly presents: readonly KvPair[];
  /** Per layer, only this call's keys and values `[1, kvH, T, hd]` (docs/model.md#parley-layout). */
  readonly added: readonly KvPair[];
}

/**
 * A Qwen3 decoder stack under `prefix` (`${prefix}.layers.{i}.…`, `${prefix}.norm.weight`):
 * positions and the causal bias are computed once from the input shapes (past_len from the
 * cache's sequence axis), then every layer runs and the final RMSNorm is applied.
 */
export function transformer(
  ctx: BuildContext,
  embeds: string,
  prefix: string,
  cfg: TransformerConfig,
  inputs: TransformerInputs = {},
): TransformerResult {
  const caches = inputs.past ?? inputs.capacityPast?.pairs;
  if (caches !== undefined && caches.length !== cfg.layers) throw new Error(`${caches.length} cache pairs for ${cfg.layers} layers`);
  const attend = inputs.capacityPast ? capacityAttention(ctx, cfg, inputs.capacityPast) : concatAttention(ctx, embeds, cfg, inputs);
  let x = embeds;
  const presents: KvPair[] = [];
  const added: KvPair[] = [];
  for (let i = 0; i < cfg.layers; i++) {
    const layer = decoderLayer(ctx, x, `${prefix}.layers.${i}`, cfg, (normed, name) => attend(normed, name, i));
    x = layer.out;
    if (layer.present) presents.push(layer.present);
    added.push(layer.added);
  }
  return { hidden: rmsNorm(ctx, x, `${prefix}.norm`, cfg.hidden), presents, added };
}

type LayerAttend = (normed: string, prefix: string, layer: number) => ReturnType<Attend>;

/** Attention over `past` (head-major, concatenated with the new positions) or over the sequence alone. */
function concatAttention(ctx: BuildContext, embeds: string, cfg: TransformerConfig, inputs: TransformerInputs): LayerAttend {
  const g = ctx.graph;
  const queryLength = dimOf(ctx, embeds, 1);
  const firstPast = inputs.past?.[0];
  const keyLength = firstPast === undefined ? queryLength : g.op('Add', [dimOf(ctx, firstPast.key, 2), queryLength], {}, 'key_len');
  const attention = attentionInputs(ctx, { queryLength, keyLength }, inputs.attentionMask);
  const rope = ropeTables(ctx, attention.positions, cfg.headDim, cfg.ropeTheta);
  return (normed, prefix, layer) => selfAttention(ctx, normed, prefix, cfg, { rope, attention }, inputs.past?.[layer]);
}

/** One-position attention against capacity buffers: RoPE at position `length`, the unfilled tail masked. */
function capacityAttention(ctx: BuildContext, cfg: TransformerConfig, cache: NonNullable<TransformerInputs['capacityPast']>): LayerAttend {
  const g = ctx.graph;
  const capacity = dimOf(ctx, cache.pairs[0]!.key, 1);
  const fillBias = capacityFillBias(ctx, capacity, cache.length);
  const rope = ropeTables(ctx, g.op('Cast', [cache.length], { to: 1 /* FLOAT */ }, 'positions'), cfg.headDim, cfg.ropeTheta);
  return (normed, prefix, layer) => capacityStepAttention(ctx, normed, prefix, cfg, rope, cache.pairs[layer]!, fillBias);
}
