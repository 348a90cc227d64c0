import type { BuildContext } from './context.js';

/**
 * The additive score bias for masked positions. Finite, not −∞: a row whose keys are all masked
 * then gives a uniform softmax instead of NaN, and `exp(-1e9 - max)` is exactly 0 in float32,
 * so masked keys contribute nothing either way.
 */
export const MASKED_SCORE = -1e9;

/** Positions and masking of one attention call, computed once per graph from input shapes. */
export interface AttentionInputs {
  /** int64 `[T]`: `past_len + arange(T)`. */
  readonly positionIds: string;
  /** float32 `[T]`: the same, for RoPE. */
  readonly positions: string;
  /** float32 `[T, S]` (S = past_len + T): 0 where query i may see key j, {@link MASKED_SCORE} elsewhere. */
  readonly bias: string;
}

/** The shapes {@link attentionInputs} needs, as int64 scalars. */
export interface SequenceLengths {
  /** T, the number of new positions. */
  readonly queryLength: string;
  /** S = past_len + T, the number of keys after the cache is extended. */
  readonly keyLength: string;
}

/**
 * Causal positions and bias for a sequence that continues a cache of `keyLength − queryLength`
 * positions. With `attentionMask` (int64 `[1, S]`), keys whose mask is 0 are also masked.
 *
 * Positions are always `past_len + arange(T)`: masked (0) entries do not shift later positions,
 * unlike HF's `get_rope_index` (cumsum of the mask). With an all-ones mask, the only kind the
 * batch-1 engine sends, the two agree.
 */
export function attentionInputs(ctx: BuildContext, lengths: SequenceLengths, attentionMask?: string): AttentionInputs {
  const g = ctx.graph;
  const past = g.op('Sub', [lengths.keyLength, lengths.queryLength], {}, 'past_len');
  const positionIds = g.op('Range', [past, lengths.keyLength, g.constI64([1], [])], {}, 'position_ids');
  const keyIds = g.op('Range', [g.constI64([0], []), lengths.keyLength, g.constI64([1], [])], {}, 'key_ids');
  const future = g.op('Greater', [g.op('Unsqueeze', [keyIds, g.constI64([0])]), g.op('Unsqueeze', [positionIds, g.constI64([1])])]);
  let bias = g.op('Where', [future, g.constF32([MASKED_SCORE], []), g.constF32([0], [])], {}, 'causal_bias');
  if (attentionMask !== undefined) {
    const keep = g.op('Cast', [attentionMask], { to: 1 /* FLOAT */ });
    const padding = g.op('Mul', [g.op('Sub', [g.constF32([1], []), keep]), g.constF32([MASKED_SCORE], [])], {}, 'padding_bias');
    bias = g.op('Add', [bias, padding], {}, 'attention_bias');
  }
  return { positionIds, positions: g.op('Cast', [positionIds], { to: 1 /* FLOAT */ }, 'positions'), bias };
}

/** `shape(x)[axis]` as an int64 scalar. */
export function dimOf(ctx: BuildContext, x: string, axis: number): string {
  return ctx.graph.op('Gather', [ctx.graph.op('Shape', [x]), ctx.graph.constI64([axis], [])], { axis: 0 });
}
