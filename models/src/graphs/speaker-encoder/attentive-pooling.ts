import type { BuildContext } from '../../layers/context.js';
import { reflectConv, tdnnBlock } from './tdnn-layers.js';

/** The official pooling's floor under a variance before its square root. */
const VARIANCE_FLOOR = 1e-12;

/**
 * Attentive statistics pooling, `[1, C, T]` → `[1, 2C, 1]`: every frame sees itself and the
 * utterance's plain mean and standard deviation per channel; a TDNN (1, to `attentionChannels`),
 * tanh and conv (1, back to C) score it, a softmax over time turns the scores into weights per
 * channel, and the weighted mean and standard deviation are the output, side by side.
 *
 * One utterance fills the batch, so the official length mask is all ones and drops out.
 */
export function attentiveStatisticsPooling(
  ctx: BuildContext,
  x: string,
  prefix: string,
  channels: number,
  attentionChannels: number,
): string {
  const g = ctx.graph;
  const uniform = statistics(ctx, x, undefined);
  const everyFrame = g.op('Shape', [x]);
  const context = g.op('Concat', [x, g.op('Expand', [uniform.mean, everyFrame]), g.op('Expand', [uniform.std, everyFrame])], { axis: 1 });
  const hidden = g.op('Tanh', [tdnnBlock(ctx, context, `${prefix}.tdnn`, { channelsIn: 3 * channels, channelsOut: attentionChannels })]);
  const scores = reflectConv(ctx, hidden, `${prefix}.conv`, { channelsIn: attentionChannels, channelsOut: channels });
  const weights = g.op('Softmax', [scores], { axis: 2 }, `${prefix}.weights`);
  const weighted = statistics(ctx, x, weights);
  return g.op('Concat', [weighted.mean, weighted.std], { axis: 1 }, `${prefix}.pooled`);
}

/**
 * The mean and standard deviation over time of `[1, C, T]`, each `[1, C, 1]`: uniform when
 * `weights` is undefined, else weighted by `weights` (same shape as `x`, summing to 1 over time).
 */
function statistics(ctx: BuildContext, x: string, weights: string | undefined): { mean: string; std: string } {
  const g = ctx.graph;
  const average = (v: string): string =>
    weights === undefined
      ? g.op('ReduceMean', [v], { axes: [2], keepdims: 1 })
      : g.op('ReduceSum', [g.op('Mul', [v, weights]), g.constI64([2])], { keepdims: 1 });
  const mean = average(x);
  const centered = g.op('Sub', [x, mean]);
  const variance = average(g.op('Mul', [centered, centered]));
  return { mean, std: g.op('Sqrt', [g.op('Max', [variance, g.constF32([VARIANCE_FLOOR], [])])]) };
}
