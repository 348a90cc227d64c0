import { attentionInputs, dimOf } from './attention-bias.js';
import type { KvPair } from './attention.js';
import type { BuildContext } from './context.js';
import { decoderLayer, type DecoderLayerConfig } from './decoder-layer.js';
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
}

/** What {@link transformer} returns. */
export interface TransformerResult {
  /** `[1, T, hidden]` after the final `norm` — HF's `last_hidden_state`. */
  readonly hidden: string;
  /** Per layer, the extended cache. */
  readonly presents: readonly KvPair[];
  /** Per layer, only this call's keys and values `[1, kvH, T, hd]` (parley layout, issue 7). */
  readonly added: readonly KvPair[];
}

/**
 * A Qwen3 decoder stack under `prefix` (`${prefix}.layers.{i}.…`, `${prefix}.norm.weight`):
 * positions and the causal bias are computed once from the input shapes (past_len from the
 * cache's sequence axis), then every layer runs and the final RMSNorm is applied.
 */
export function transformer(ctx: BuildContext, embeds: string, prefix: string, cfg: TransformerConfig, inputs: TransformerInputs = {}): TransformerResult {
  if (inputs.past !== undefined && inputs.past.length !== cfg.layers) throw new Error(`${inputs.past.length} cache pairs for ${cfg.layers} layers`);
  const g = ctx.graph;
  const queryLength = dimOf(ctx, embeds, 1);
  const firstPast = inputs.past?.[0];
  const keyLength = firstPast === undefined ? queryLength : g.op('Add', [dimOf(ctx, firstPast.key, 2), queryLength], {}, 'key_len');
  const attention = attentionInputs(ctx, { queryLength, keyLength }, inputs.attentionMask);
  const rope = ropeTables(ctx, attention.positions, cfg.headDim, cfg.ropeTheta);
  let x = embeds;
  const presents: KvPair[] = [];
  const added: KvPair[] = [];
  for (let i = 0; i < cfg.layers; i++) {
    const layer = decoderLayer(ctx, x, `${prefix}.layers.${i}`, cfg, { rope, attention }, inputs.past?.[i]);
    x = layer.out;
    presents.push(layer.present);
    added.push(layer.added);
  }
  return { hidden: rmsNorm(ctx, x, `${prefix}.norm`, cfg.hidden), presents, added };
}
