import type { BuildContext } from '../../layers/context.js';
import { linear } from '../../layers/linear.js';
import { FloatAttr } from '../../onnx/attributes.js';
import type { CodecStream } from './codec-stream.js';

/**
 * The decoder's convolutional layers, channels-first (`[1, C, T]`), each asking for its
 * parameters by the official name under `prefix` and carrying its context through `stream`.
 */
export interface ConvContext extends BuildContext {
  readonly stream: CodecStream;
}

function param(ctx: ConvContext, name: string, shape: number[], init: Parameters<ConvContext['weights']['tensor']>[0]['init']): string {
  return ctx.graph.initializer(name, ctx.weights.tensor({ name, shape, init }), shape);
}

/**
 * A causal `Conv1d` (stride 1): the input is extended on the left by `(k − 1)·dilation` columns,
 * the previous chunk's or zeros, so output column t sees inputs t − (k−1)·d … t only.
 */
export function causalConv(
  ctx: ConvContext,
  x: string,
  prefix: string,
  channelsIn: number,
  channelsOut: number,
  kernel: number,
  options: { dilation?: number; groups?: number; gain?: number } = {},
): string {
  const { dilation = 1, groups = 1, gain = 1 } = options;
  const weight = param(ctx, `${prefix}.conv.weight`, [channelsOut, channelsIn / groups, kernel], { gain });
  const bias = param(ctx, `${prefix}.conv.bias`, [channelsOut], { std: 0.02 });
  const context = (kernel - 1) * dilation;
  const input = context > 0 ? ctx.stream.history(prefix, x, channelsIn, context) : x;
  return ctx.graph.op('Conv', [input, weight, bias], { dilations: [dilation], group: groups, kernel_shape: [kernel] }, `${prefix}.out`);
}

/**
 * A causal `ConvTranspose1d` of stride `s` and kernel `k`: each input column writes `k` outputs
 * from `t·s`; the `k − s` that run past the chunk are the next chunk's (added to its first
 * outputs) and, after the last chunk, dropped, as the official layer trims them.
 */
export function causalTransConv(
  ctx: ConvContext,
  x: string,
  prefix: string,
  channelsIn: number,
  channelsOut: number,
  kernel: number,
  stride: number,
): string {
  const g = ctx.graph;
  // Each output sums channelsIn × kernel / stride products (PyTorch's fan-in counts the wrong axes here).
  const weight = param(ctx, `${prefix}.conv.weight`, [channelsIn, channelsOut, kernel], {
    std: 1 / Math.sqrt((channelsIn * kernel) / stride),
  });
  const bias = param(ctx, `${prefix}.conv.bias`, [channelsOut], { std: 0.02 });
  const y = g.op('ConvTranspose', [x, weight, bias], { kernel_shape: [kernel], strides: [stride] }, `${prefix}.out`);
  if (kernel === stride) return y;
  const kept = g.op('Mul', [g.op('Shape', [x], { start: 2, end: 3 }), g.constI64([stride])]);
  return ctx.stream.tail(prefix, y, kept, channelsOut, kernel - stride, g.op('Unsqueeze', [bias, g.constI64([0, 2])]));
}

/**
 * SnakeBeta: `x + sin²(x·eᵅ) / (eᵝ + 1e-9)`, per channel (`alpha`, `beta` stored as logs).
 * Random betas around log 10 keep each of the ~30 activations' always-positive term near a
 * tenth, so the stand-in's output stays inside the final clamp.
 */
export function snakeBeta(ctx: ConvContext, x: string, prefix: string, channels: number): string {
  const g = ctx.graph;
  const perChannel = (name: string, mean: number) =>
    g.op('Exp', [g.op('Reshape', [param(ctx, `${prefix}.${name}`, [channels], { std: 0.1, mean }), g.constI64([1, channels, 1])])]);
  const sine = g.op('Sin', [g.op('Mul', [x, perChannel('alpha', 0)])]);
  const scale = g.op('Reciprocal', [g.op('Add', [perChannel('beta', Math.log(10)), g.constF32([1e-9], [])])]);
  return g.op('Add', [x, g.op('Mul', [g.op('Mul', [sine, sine]), scale])], {}, `${prefix}.snake`);
}

/** A ConvNeXt block: depthwise causal conv (7), LayerNorm, Linear ×4, GELU, Linear, ×γ, residual. */
export function convNeXt(ctx: ConvContext, x: string, prefix: string, dim: number): string {
  const g = ctx.graph;
  const depthwise = causalConv(ctx, x, `${prefix}.dwconv`, dim, dim, 7, { groups: dim });
  const channelsLast = g.op('Transpose', [depthwise], { perm: [0, 2, 1] });
  const normed = g.op(
    'LayerNormalization',
    [channelsLast, param(ctx, `${prefix}.norm.weight`, [dim], 'norm'), param(ctx, `${prefix}.norm.bias`, [dim], { std: 0.02 })],
    { axis: -1, epsilon: new FloatAttr(1e-6) },
  );
  const hidden = gelu(ctx, linear(ctx, normed, `${prefix}.pwconv1`, dim, 4 * dim, { bias: true }));
  // Random gains of a tenth keep the residual branches small, as trained ones are.
  const scaled = g.op('Mul', [
    linear(ctx, hidden, `${prefix}.pwconv2`, 4 * dim, dim, { bias: true }),
    param(ctx, `${prefix}.gamma`, [dim], { std: 0.1 }),
  ]);
  return g.op('Add', [x, g.op('Transpose', [scaled], { perm: [0, 2, 1] })], {}, `${prefix}.residual`);
}

/** A residual unit of the vocoder: Snake, causal conv (7, dilated), Snake, conv (1), plus the input. */
function residualUnit(ctx: ConvContext, x: string, prefix: string, dim: number, dilation: number): string {
  const first = causalConv(ctx, snakeBeta(ctx, x, `${prefix}.act1`, dim), `${prefix}.conv1`, dim, dim, 7, { dilation });
  const second = causalConv(ctx, snakeBeta(ctx, first, `${prefix}.act2`, dim), `${prefix}.conv2`, dim, dim, 1, { gain: 0.3 });
  return ctx.graph.op('Add', [second, x], {}, `${prefix}.residual`);
}

/** A vocoder block: Snake, causal transposed conv (×`rate`, kernel 2·rate) to `dimOut`, three residual units (dilations 1, 3, 9). */
export function vocoderBlock(ctx: ConvContext, x: string, prefix: string, dimIn: number, dimOut: number, rate: number): string {
  let h = causalTransConv(ctx, snakeBeta(ctx, x, `${prefix}.block.0`, dimIn), `${prefix}.block.1`, dimIn, dimOut, 2 * rate, rate);
  for (const [i, dilation] of [1, 3, 9].entries()) h = residualUnit(ctx, h, `${prefix}.block.${i + 2}`, dimOut, dilation);
  return h;
}

/** PyTorch's exact GELU, `0.5·x·(1 + erf(x/√2))` (opset 17 has no Gelu). */
function gelu(ctx: ConvContext, x: string): string {
  const g = ctx.graph;
  const erf = g.op('Erf', [g.op('Mul', [x, g.constF32([Math.SQRT1_2], [])])]);
  return g.op('Mul', [g.op('Mul', [x, g.constF32([0.5], [])]), g.op('Add', [erf, g.constF32([1], [])])]);
}
