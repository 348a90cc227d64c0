import type { BuildContext } from '../../layers/context.js';
import type { WeightInit } from '../../weights/weight-source.js';

/** A Conv1d's channels in and out, kernel size (1 when absent) and dilation (1 when absent). */
export interface ConvShape {
  readonly channelsIn: number;
  readonly channelsOut: number;
  readonly kernel?: number;
  readonly dilation?: number;
}

/**
 * A `Conv1d` with PyTorch's `padding="same", padding_mode="reflect"` (every convolution of the
 * official speaker encoder), channels-first `[1, C, T]` in and out: `d·(k−1)` columns of
 * reflection, the smaller half on the left, then a valid convolution. Asks for
 * `${prefix}.weight` `[out, in, k]` and `${prefix}.bias` `[out]`.
 *
 * Reflection needs more frames than half the receptive field (at most 4 with the release's
 * kernels and dilations); PyTorch refuses shorter inputs too.
 */
export function reflectConv(ctx: BuildContext, x: string, prefix: string, shape: ConvShape): string {
  const g = ctx.graph;
  const { channelsIn, channelsOut, kernel = 1, dilation = 1 } = shape;
  const param = (name: string, dims: number[], init: WeightInit): string =>
    g.initializer(name, ctx.weights.tensor({ name, shape: dims, init }), dims);
  const weight = param(`${prefix}.weight`, [channelsOut, channelsIn, kernel], 'fan-in');
  const bias = param(`${prefix}.bias`, [channelsOut], { std: 0.02 });
  const total = dilation * (kernel - 1);
  const left = Math.floor(total / 2);
  const input = total === 0 ? x : g.op('Pad', [x, g.constI64([0, 0, left, 0, 0, total - left])], { mode: 'reflect' }, `${prefix}.pad`);
  return g.op('Conv', [input, weight, bias], { dilations: [dilation], kernel_shape: [kernel] }, `${prefix}.out`);
}

/** The official `TimeDelayNetBlock`: {@link reflectConv} (`${prefix}.conv`) then ReLU. */
export function tdnnBlock(ctx: BuildContext, x: string, prefix: string, shape: ConvShape): string {
  return ctx.graph.op('Relu', [reflectConv(ctx, x, `${prefix}.conv`, shape)], {}, `${prefix}.relu`);
}

/**
 * A Res2Net block over `channels`: split into `scale` equal groups; the first passes through,
 * the second goes through TDNN block 0, and each later group i through block i−1 after adding
 * the previous group's output, so the receptive field grows group by group; concatenated back.
 */
function res2NetBlock(
  ctx: BuildContext,
  x: string,
  prefix: string,
  channels: number,
  scale: number,
  kernel: number,
  dilation: number,
): string {
  const g = ctx.graph;
  const width = channels / scale;
  const groups = g.opMulti('Split', [x, g.constI64(new Array<number>(scale).fill(width))], scale, { axis: 1 }, `${prefix}.groups`);
  const outputs = [groups[0]!];
  for (let i = 1; i < scale; i++) {
    const input = i === 1 ? groups[i]! : g.op('Add', [groups[i]!, outputs[i - 1]!]);
    outputs.push(tdnnBlock(ctx, input, `${prefix}.blocks.${i - 1}`, { channelsIn: width, channelsOut: width, kernel, dilation }));
  }
  return g.op('Concat', outputs, { axis: 1 }, `${prefix}.concat`);
}

/**
 * Squeeze-excitation: the time mean of each channel through a bottleneck (conv 1, ReLU, conv 1,
 * sigmoid) gives per-channel gains that scale the input.
 */
function squeezeExcitation(ctx: BuildContext, x: string, prefix: string, channels: number, seChannels: number): string {
  const g = ctx.graph;
  const mean = g.op('ReduceMean', [x], { axes: [2], keepdims: 1 }, `${prefix}.mean`);
  const squeezed = g.op('Relu', [reflectConv(ctx, mean, `${prefix}.conv1`, { channelsIn: channels, channelsOut: seChannels })]);
  const gains = g.op('Sigmoid', [reflectConv(ctx, squeezed, `${prefix}.conv2`, { channelsIn: seChannels, channelsOut: channels })]);
  return g.op('Mul', [x, gains], {}, `${prefix}.scaled`);
}

/** What an SE-Res2Net block is built with (`enc_*` of the config). */
export interface SeRes2NetOptions {
  readonly scale: number;
  readonly seChannels: number;
  readonly kernel: number;
  readonly dilation: number;
}

/** The ECAPA-TDNN block: TDNN (1) → Res2Net → TDNN (1) → squeeze-excitation, plus the input. */
export function seRes2NetBlock(ctx: BuildContext, x: string, prefix: string, channels: number, options: SeRes2NetOptions): string {
  const square = { channelsIn: channels, channelsOut: channels };
  let h = tdnnBlock(ctx, x, `${prefix}.tdnn1`, square);
  h = res2NetBlock(ctx, h, `${prefix}.res2net_block`, channels, options.scale, options.kernel, options.dilation);
  h = tdnnBlock(ctx, h, `${prefix}.tdnn2`, square);
  h = squeezeExcitation(ctx, h, `${prefix}.se_block`, channels, options.seChannels);
  return ctx.graph.op('Add', [h, x], {}, `${prefix}.residual`);
}
