import type { BuildContext } from './context.js';

/** RoPE base of the talker and the code predictor (`rope_theta`, docs/model.md#sizes). */
export const QWEN3_TTS_ROPE_THETA = 1e6;

/** The cos and sin tables of one sequence, each `[T, head_dim]`, shared by every layer. */
export interface RopeTables {
  readonly cos: string;
  readonly sin: string;
}

/**
 * `inv_freq[i] = theta^(-2i/head_dim)` for i < head_dim/2, as HF's default RoPE init computes it.
 */
function inverseFrequencies(headDim: number, theta: number): Float32Array {
  if (headDim % 2 !== 0) throw new Error(`RoPE needs an even head_dim, got ${headDim}`);
  return Float32Array.from({ length: headDim / 2 }, (_, i) => 1 / theta ** ((2 * i) / headDim));
}

/**
 * cos/sin tables for `positions` (float32 `[T]`). Plain 1-D RoPE: the talker's interleaved
 * M-RoPE copies one position id to all three streams, which makes it exactly this (docs/model.md#sizes).
 * Layout follows HF: `emb = concat(freqs, freqs)` over the last axis, pairing with rotate_half.
 */
export function ropeTables(ctx: BuildContext, positions: string, headDim: number, theta = QWEN3_TTS_ROPE_THETA): RopeTables {
  const g = ctx.graph;
  const inv = g.constF32([...inverseFrequencies(headDim, theta)], [1, headDim / 2]);
  const freqs = g.op('Mul', [g.op('Unsqueeze', [positions, g.constI64([1])]), inv], {}, 'rope.freqs');
  const emb = g.op('Concat', [freqs, freqs], { axis: 1 }, 'rope.emb');
  return { cos: g.op('Cos', [emb], {}, 'rope.cos'), sin: g.op('Sin', [emb], {}, 'rope.sin') };
}

/**
 * `x·cos + rotate_half(x)·sin` for `x` `[1, heads, T, head_dim]`, where rotate_half splits the
 * last axis in halves (x1, x2) and returns (−x2, x1) — HF's `apply_rotary_pos_emb`.
 */
export function applyRope(ctx: BuildContext, x: string, tables: RopeTables, hint: string): string {
  const g = ctx.graph;
  // Opset 13–17 Split with no `split` input cuts the axis into equal parts, one per output.
  const [x1, x2] = g.opMulti('Split', [x], 2, { axis: -1 }, `${hint}.halves`);
  const rotated = g.op('Concat', [g.op('Neg', [x2!]), x1!], { axis: -1 }, `${hint}.rotate_half`);
  return g.op('Add', [g.op('Mul', [x, tables.cos]), g.op('Mul', [rotated, tables.sin])], {}, `${hint}.roped`);
}
