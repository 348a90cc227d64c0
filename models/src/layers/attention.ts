import type { AttentionInputs } from './attention-bias.js';
import type { BuildContext } from './context.js';
import { linear } from './linear.js';
import { rmsNorm } from './rms-norm.js';
import { applyRope, type RopeTables } from './rope.js';

/** The attention geometry of one Qwen3 transformer. */
export interface AttentionConfig {
  readonly hidden: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
}

/** One layer's cache, each `[1, kvHeads, length, headDim]`: the community layout (docs/model.md#community-layout). */
export interface KvPair {
  readonly key: string;
  readonly value: string;
}

/** What {@link selfAttention} returns. */
export interface AttentionResult {
  /** `[1, T, hidden]`, after `o_proj`. */
  readonly out: string;
  /**
   * The cache extended by this call's keys and values (`present_key_i` / `present_value_i`);
   * absent when the cache stays in the engine's buffers (`capacityStepAttention`).
   */
  readonly present?: KvPair;
  /**
   * Only this call's keys (after RoPE) and values, `[1, kvHeads, T, headDim]`: what a graph that
   * returns just the new positions outputs (docs/model.md#parley-layout), instead of {@link present}.
   */
  readonly added: KvPair;
}

/**
 * Qwen3 grouped-query causal self-attention with per-head `q_norm`/`k_norm`, RoPE and a KV cache,
 * mirroring `Qwen3TTSAttention.forward` + `eager_attention_forward`:
 * q/k/v projections → per-head RMSNorm (q, k) → RoPE → append to `past` → softmax(q·kᵀ/√d + bias)·v
 * → o_proj. `x` is the already-normed `[1, T, hidden]`.
 *
 * GQA without copying keys: query head h uses kv head ⌊h / group⌋ (HF's `repeat_kv`), so q is
 * viewed as `[1, kvH, group, T, d]` and multiplied against k broadcast as `[1, kvH, 1, S, d]`.
 */
export function selfAttention(
  ctx: BuildContext,
  x: string,
  prefix: string,
  cfg: AttentionConfig,
  inputs: { readonly rope: RopeTables; readonly attention: AttentionInputs },
  past?: KvPair,
): AttentionResult {
  const g = ctx.graph;
  const q = projectHeads(ctx, x, `${prefix}.q_proj`, cfg, cfg.heads, `${prefix}.q_norm`);
  const k = projectHeads(ctx, x, `${prefix}.k_proj`, cfg, cfg.kvHeads, `${prefix}.k_norm`);
  const v = projectHeads(ctx, x, `${prefix}.v_proj`, cfg, cfg.kvHeads);
  const qr = applyRope(ctx, q, inputs.rope, `${prefix}.q`);
  const kr = applyRope(ctx, k, inputs.rope, `${prefix}.k`);
  const key = past ? g.op('Concat', [past.key, kr], { axis: 2 }, `${prefix}.present_key`) : kr;
  const value = past ? g.op('Concat', [past.value, v], { axis: 2 }, `${prefix}.present_value`) : v;
  const group = cfg.heads / cfg.kvHeads;
  if (!Number.isInteger(group)) throw new Error(`heads (${cfg.heads}) must be a multiple of kv heads (${cfg.kvHeads})`);
  const q5 = g.op('Reshape', [qr, g.constI64([1, cfg.kvHeads, group, -1, cfg.headDim])]);
  const kT = g.op('Transpose', [g.op('Unsqueeze', [key, g.constI64([2])])], { perm: [0, 1, 2, 4, 3] });
  const scores = g.op('Mul', [g.op('MatMul', [q5, kT]), g.constF32([cfg.headDim ** -0.5], [])], {}, `${prefix}.scores`);
  const probs = g.op('Softmax', [g.op('Add', [scores, inputs.attention.bias])], { axis: -1 }, `${prefix}.probs`);
  const context5 = g.op('MatMul', [probs, g.op('Unsqueeze', [value, g.constI64([2])])]);
  const context = g.op('Reshape', [context5, g.constI64([1, cfg.heads, -1, cfg.headDim])]);
  const merged = g.op('Reshape', [g.op('Transpose', [context], { perm: [0, 2, 1, 3] }), g.constI64([1, -1, cfg.heads * cfg.headDim])]);
  return {
    out: linear(ctx, merged, `${prefix}.o_proj`, cfg.heads * cfg.headDim, cfg.hidden),
    present: { key, value },
    added: { key: kr, value: v },
  };
}

/** Linear → `[1, T, heads, d]` → optional per-head RMSNorm → `[1, heads, T, d]`. */
export function projectHeads(ctx: BuildContext, x: string, proj: string, cfg: AttentionConfig, heads: number, norm?: string): string {
  const g = ctx.graph;
  const y = linear(ctx, x, proj, cfg.hidden, heads * cfg.headDim);
  let perHead = g.op('Reshape', [y, g.constI64([1, -1, heads, cfg.headDim])]);
  if (norm !== undefined) perHead = rmsNorm(ctx, perHead, norm, cfg.headDim);
  return g.op('Transpose', [perHead], { perm: [0, 2, 1, 3] });
}
