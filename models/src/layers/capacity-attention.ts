import { MASKED_SCORE } from './attention-bias.js';
import { projectHeads, type AttentionConfig, type AttentionResult, type KvPair } from './attention.js';
import type { BuildContext } from './context.js';
import { linear } from './linear.js';
import { applyRope, type RopeTables } from './rope.js';

/**
 * A cache an engine keeps in preallocated buffers (docs/model.md#kv-caches): per layer a key
 * and a value of `[kvHeads, capacity, headDim]`, of which the first `length` positions are filled.
 * The graph reads the buffers as they are — no transpose, no concat, no copy of the cache — and
 * masks the unfilled tail.
 */
interface CapacityCache {
  /** Per layer, `[kvH, C, hd]` each. */
  readonly pairs: readonly KvPair[];
  /** float32 `[C]`: 0 for the filled positions, {@link MASKED_SCORE} for the rest. */
  readonly fillBias: string;
}

/**
 * `[C]` bias of a capacity cache: position c is visible when c < `length` (int64 `[1]`).
 * `capacity` is an int64 scalar (the buffers' second axis).
 */
export function capacityFillBias(ctx: BuildContext, capacity: string, length: string): string {
  const g = ctx.graph;
  const ids = g.op('Range', [g.constI64([0], []), capacity, g.constI64([1], [])], {}, 'cache_ids');
  const filled = g.op('Less', [ids, length], {}, 'cache_filled');
  return g.op('Where', [filled, g.constF32([0], []), g.constF32([MASKED_SCORE], [])], {}, 'cache_bias');
}

/**
 * Self-attention of ONE new position against a {@link CapacityCache} — the same arithmetic as
 * `selfAttention` with that cache concatenated, without building the concatenation. Grouped
 * queries `[kvH, g, hd]` meet the cached keys through a MatMul with the key's last two axes
 * swapped (ONNX Runtime fuses the Transpose into the GEMM, so the cache is not copied), and the
 * new key/value are scored and mixed in separately: softmax over `[cache…, new]`, then
 * `probs_cache · V_cache + p_new · v_new`. The cost over unfilled positions is a few dot
 * products each, far less than a copy of the cache.
 *
 * `x` is the already-normed `[1, 1, hidden]`; `rope` holds position P's tables. Returns the
 * new position's key (after RoPE) and value as `added`, `[kvH, 1, hd]` each, for the engine to
 * write at position P.
 */
export function capacityStepAttention(
  ctx: BuildContext,
  x: string,
  prefix: string,
  cfg: AttentionConfig,
  rope: RopeTables,
  cache: KvPair,
  fillBias: string,
): AttentionResult {
  const g = ctx.graph;
  const group = cfg.heads / cfg.kvHeads;
  const q = applyRope(ctx, projectHeads(ctx, x, `${prefix}.q_proj`, cfg, cfg.heads, `${prefix}.q_norm`), rope, `${prefix}.q`);
  const k = applyRope(ctx, projectHeads(ctx, x, `${prefix}.k_proj`, cfg, cfg.kvHeads, `${prefix}.k_norm`), rope, `${prefix}.k`);
  const v = projectHeads(ctx, x, `${prefix}.v_proj`, cfg, cfg.kvHeads);
  // [1, heads, 1, hd] → [kvH, g, hd]: query head h = k·g + i uses kv head k (HF's repeat_kv).
  const grouped = g.op('Reshape', [q, g.constI64([cfg.kvHeads, group, cfg.headDim])]);
  const newKey = g.op('Reshape', [k, g.constI64([cfg.kvHeads, 1, cfg.headDim])], {}, `${prefix}.new_key`);
  const newValue = g.op('Reshape', [v, g.constI64([cfg.kvHeads, 1, cfg.headDim])], {}, `${prefix}.new_value`);
  const scale = g.constF32([cfg.headDim ** -0.5], []);
  const keysT = (key: string) => g.op('Transpose', [key], { perm: [0, 2, 1] });
  const cached = g.op('Add', [g.op('MatMul', [grouped, keysT(cache.key)]), fillBias], {}, `${prefix}.cache_scores`); // [kvH, g, C]
  const own = g.op('MatMul', [grouped, keysT(newKey)], {}, `${prefix}.own_score`); // [kvH, g, 1]
  const scores = g.op('Mul', [g.op('Concat', [cached, own], { axis: -1 }), scale], {}, `${prefix}.scores`);
  const probs = g.op('Softmax', [scores], { axis: -1 }, `${prefix}.probs`);
  const capacity = g.op('Shape', [cache.key], { start: 1, end: 2 });
  const cachedProbs = g.op('Slice', [probs, g.constI64([0]), capacity, g.constI64([-1])]);
  const ownProb = g.op('Slice', [probs, capacity, g.constI64([2 ** 62]), g.constI64([-1])]);
  const mixed = g.op('Add', [g.op('MatMul', [cachedProbs, cache.value]), g.op('MatMul', [ownProb, newValue])], {}, `${prefix}.context`); // [kvH, g, hd]
  const merged = g.op('Reshape', [mixed, g.constI64([1, 1, cfg.heads * cfg.headDim])]);
  const out = linear(ctx, merged, `${prefix}.o_proj`, cfg.heads * cfg.headDim, cfg.hidden);
  return { out, added: { key: newKey, value: newValue } };
}
