import type { AttentionInputs } from './attention-bias.js';
import { selfAttention, type AttentionConfig, type KvPair } from './attention.js';
import type { BuildContext } from './context.js';
import { rmsNorm } from './rms-norm.js';
import type { RopeTables } from './rope.js';
import { swigluMlp } from './swiglu-mlp.js';

/** The geometry of one Qwen3 decoder layer. */
export interface DecoderLayerConfig extends AttentionConfig {
  readonly intermediate: number;
}

/** What {@link decoderLayer} returns. */
export interface DecoderLayerResult {
  readonly out: string;
  readonly present: KvPair;
  /** Only this call's keys and values (see `AttentionResult.added`). */
  readonly added: KvPair;
}

/**
 * One pre-norm Qwen3 decoder layer (`Qwen3TTSTalkerDecoderLayer` / `Qwen3TTSDecoderLayer`):
 * `h = x + attn(input_layernorm(x))`, `out = h + mlp(post_attention_layernorm(h))`.
 */
export function decoderLayer(
  ctx: BuildContext,
  x: string,
  prefix: string,
  cfg: DecoderLayerConfig,
  inputs: { readonly rope: RopeTables; readonly attention: AttentionInputs },
  past?: KvPair,
): DecoderLayerResult {
  const g = ctx.graph;
  const normed = rmsNorm(ctx, x, `${prefix}.input_layernorm`, cfg.hidden);
  const attn = selfAttention(ctx, normed, `${prefix}.self_attn`, cfg, inputs, past);
  const h = g.op('Add', [x, attn.out], {}, `${prefix}.attn_residual`);
  const mlp = swigluMlp(ctx, rmsNorm(ctx, h, `${prefix}.post_attention_layernorm`, cfg.hidden), `${prefix}.mlp`, cfg.hidden, cfg.intermediate);
  return { out: g.op('Add', [h, mlp], {}, `${prefix}.mlp_residual`), present: attn.present, added: attn.added };
}
