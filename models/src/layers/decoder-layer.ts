import type { AttentionConfig, AttentionResult, KvPair } from './attention.js';
import type { BuildContext } from './context.js';
import { rmsNorm } from './rms-norm.js';
import { swigluMlp } from './swiglu-mlp.js';

/** The geometry of one Qwen3 decoder layer. */
export interface DecoderLayerConfig extends AttentionConfig {
  readonly intermediate: number;
}

/** What {@link decoderLayer} returns. */
export interface DecoderLayerResult {
  readonly out: string;
  readonly present: KvPair | undefined;
  /** Only this call's keys and values (see `AttentionResult.added`). */
  readonly added: KvPair;
}

/** Self-attention of one layer over its normed input, under the given parameter prefix. */
export type Attend = (normed: string, prefix: string) => AttentionResult;

/**
 * One pre-norm Qwen3 decoder layer (`Qwen3TTSTalkerDecoderLayer` / `Qwen3TTSDecoderLayer`):
 * `h = x + attn(input_layernorm(x))`, `out = h + mlp(post_attention_layernorm(h))`. `attend`
 * is the attention over whichever cache the graph has.
 */
export function decoderLayer(ctx: BuildContext, x: string, prefix: string, cfg: DecoderLayerConfig, attend: Attend): DecoderLayerResult {
  const g = ctx.graph;
  const normed = rmsNorm(ctx, x, `${prefix}.input_layernorm`, cfg.hidden);
  const attn = attend(normed, `${prefix}.self_attn`);
  const h = g.op('Add', [x, attn.out], {}, `${prefix}.attn_residual`);
  const mlp = swigluMlp(
    ctx,
    rmsNorm(ctx, h, `${prefix}.post_attention_layernorm`, cfg.hidden),
    `${prefix}.mlp`,
    cfg.hidden,
    cfg.intermediate,
  );
  return { out: g.op('Add', [h, mlp], {}, `${prefix}.mlp_residual`), present: attn.present, added: attn.added };
}
