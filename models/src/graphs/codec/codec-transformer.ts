import { linear } from '../../layers/linear.js';
import { rmsNorm } from '../../layers/rms-norm.js';
import { applyRope, ropeTables, type RopeTables } from '../../layers/rope.js';
import type { CodecDecoderSizes } from './codec-sizes.js';
import type { ConvContext } from './codec-convs.js';

/** The masked score of a key a query may not see (softmax makes it 0). */
const MASKED = -1e9;

/**
 * The decoder's transformer over frames (`pre_transformer`): `x` channels-last `[1, n, latent]`
 * → `[1, n, latent]`. Causal attention within a sliding window of `slidingWindow` positions
 * (each frame sees itself and the window − 1 before it), RoPE, layer-scaled residuals, a SiLU
 * MLP. The keys and values of the last window − 1 positions are the stream's state, so a chunk
 * attends to earlier chunks exactly as the whole sequence would.
 */
export function codecTransformer(ctx: ConvContext, x: string, prefix: string, sizes: CodecDecoderSizes): string {
  const g = ctx.graph;
  let h = linear(ctx, x, `${prefix}.input_proj`, sizes.latentDim, sizes.hidden, { bias: true });
  const frames = g.op('Shape', [x], { start: 1, end: 2 });
  const positions = g.op('Add', [
    g.op('Range', [g.constI64([0], []), g.op('Squeeze', [frames, g.constI64([0])]), g.constI64([1], [])]),
    ctx.stream.position,
  ]);
  const rope = ropeTables(ctx, g.op('Cast', [positions], { to: 1 }), sizes.headDim, sizes.ropeTheta);
  for (let layer = 0; layer < sizes.layers; layer++) h = transformerLayer(ctx, h, `${prefix}.layers.${layer}`, sizes, rope, positions);
  const normed = rmsNorm(ctx, h, `${prefix}.norm`, sizes.hidden, sizes.rmsNormEps);
  return linear(ctx, normed, `${prefix}.output_proj`, sizes.hidden, sizes.latentDim, { bias: true });
}

function transformerLayer(
  ctx: ConvContext,
  x: string,
  prefix: string,
  sizes: CodecDecoderSizes,
  rope: RopeTables,
  positions: string,
): string {
  const g = ctx.graph;
  const attended = attention(
    ctx,
    rmsNorm(ctx, x, `${prefix}.input_layernorm`, sizes.hidden, sizes.rmsNormEps),
    `${prefix}.self_attn`,
    sizes,
    rope,
    positions,
  );
  const afterAttention = g.op('Add', [x, layerScale(ctx, attended, `${prefix}.self_attn_layer_scale`, sizes.hidden)]);
  const normed = rmsNorm(ctx, afterAttention, `${prefix}.post_attention_layernorm`, sizes.hidden, sizes.rmsNormEps);
  const gate = linear(ctx, normed, `${prefix}.mlp.gate_proj`, sizes.hidden, sizes.intermediate);
  const up = linear(ctx, normed, `${prefix}.mlp.up_proj`, sizes.hidden, sizes.intermediate);
  const mlp = linear(
    ctx,
    g.op('Mul', [g.op('Mul', [gate, g.op('Sigmoid', [gate])]), up]),
    `${prefix}.mlp.down_proj`,
    sizes.intermediate,
    sizes.hidden,
  );
  return g.op('Add', [afterAttention, layerScale(ctx, mlp, `${prefix}.mlp_layer_scale`, sizes.hidden)], {}, `${prefix}.out`);
}

/** Multi-head attention of the chunk's frames over the window's earlier positions and themselves. */
function attention(ctx: ConvContext, x: string, prefix: string, sizes: CodecDecoderSizes, rope: RopeTables, positions: string): string {
  const g = ctx.graph;
  const { heads, headDim } = sizes;
  const width = heads * headDim;
  const split = (value: string) => g.op('Transpose', [g.op('Reshape', [value, g.constI64([-1, heads, headDim])])], { perm: [1, 0, 2] }); // [heads, n, hd]
  const q = applyRope(ctx, split(linear(ctx, x, `${prefix}.q_proj`, sizes.hidden, width)), rope, `${prefix}.q`);
  const k = applyRope(ctx, split(linear(ctx, x, `${prefix}.k_proj`, sizes.hidden, width)), rope, `${prefix}.k`);
  const v = split(linear(ctx, x, `${prefix}.v_proj`, sizes.hidden, width));
  const keep = sizes.slidingWindow - 1;
  const keys = ctx.stream.pastKeys(`${prefix}.key`, k, heads, headDim, keep);
  const values = ctx.stream.pastKeys(`${prefix}.value`, v, heads, headDim, keep);
  const scores = g.op('Mul', [g.op('MatMul', [q, g.op('Transpose', [keys], { perm: [0, 2, 1] })]), g.constF32([headDim ** -0.5], [])]);
  const probs = g.op('Softmax', [g.op('Add', [scores, windowMask(ctx, keys, positions, sizes.slidingWindow)])], { axis: -1 });
  const mixed = g.op('Transpose', [g.op('MatMul', [probs, values])], { perm: [1, 0, 2] }); // [n, heads, hd]
  const merged = g.op('Reshape', [mixed, g.constI64([1, -1, width])]);
  return linear(ctx, merged, `${prefix}.o_proj`, width, sizes.hidden);
}

/**
 * `[n, L + n]` additive mask: query position p sees key positions in (p − window, p]. The keys
 * are the `L` cached positions before the chunk and the chunk's own, so key j is at
 * `first − L + j`.
 */
function windowMask(ctx: ConvContext, keys: string, positions: string, window: number): string {
  const g = ctx.graph;
  const total = g.op('Shape', [keys], { start: 1, end: 2 });
  const first = g.op('Slice', [positions, g.constI64([0]), g.constI64([1]), g.constI64([0])]);
  const cached = g.op('Sub', [total, g.op('Shape', [positions])]);
  const keyPositions = g.op('Add', [
    g.op('Range', [g.constI64([0], []), g.op('Squeeze', [total, g.constI64([0])]), g.constI64([1], [])]),
    g.op('Sub', [first, cached]),
  ]);
  const query = g.op('Unsqueeze', [positions, g.constI64([1])]); // [n, 1]
  const visible = g.op('And', [
    g.op('LessOrEqual', [keyPositions, query]),
    g.op('Greater', [keyPositions, g.op('Sub', [query, g.constI64([window])])]),
  ]);
  return g.op('Where', [visible, g.constF32([0], []), g.constF32([MASKED], [])], {}, 'window_mask');
}

/** The per-channel residual scale of a layer (`LayerScale`). */
function layerScale(ctx: ConvContext, x: string, prefix: string, channels: number): string {
  const scale = ctx.graph.initializer(
    `${prefix}.scale`,
    ctx.weights.tensor({ name: `${prefix}.scale`, shape: [channels], init: { std: 0.1 } }),
    [channels],
  );
  return ctx.graph.op('Mul', [x, scale]);
}
