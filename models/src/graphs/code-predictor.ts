import { CODEBOOK_SIZE, NUM_CODE_GROUPS } from '../contract.js';
import type { BuildContext } from '../layers/context.js';
import { linear, transpose2d } from '../layers/linear.js';
import { QWEN3_TTS_ROPE_THETA } from '../layers/rope.js';
import { transformer, type TransformerConfig } from '../layers/transformer.js';
import type { GraphBuilder } from '../onnx/graph-builder.js';
import type { StandinSizes } from '../standin/sizes.js';
import { OFFICIAL } from '../weights/official-names.js';
import type { WeightSource } from '../weights/weight-source.js';
import { graphContext, lastPosition } from './graph-context.js';

/** The code predictor's transformer geometry from stand-in sizes. */
export function codePredictorConfig(sizes: StandinSizes): TransformerConfig {
  return {
    hidden: sizes.cpHidden,
    heads: sizes.cpHeads,
    kvHeads: sizes.cpKvHeads,
    headDim: sizes.cpHeadDim,
    intermediate: sizes.cpIntermediate,
    layers: sizes.cpLayers,
    ropeTheta: QWEN3_TTS_ROPE_THETA,
  };
}

/**
 * `code_predictor.onnx`: `inputs_embeds` f32 [1,S,H] (S = 2..16: `[last_hidden, CE(c0),
 * CPE(c1,0), …]`, no cache) and `generation_step` i64 [1] → `logits` f32 [1,2048] at the last
 * position, from `lm_head[generation_step]` (docs/model.md#community-layout). As in
 * `Qwen3TTSTalkerCodePredictorModelForConditionalGeneration.forward`, inputs first go through
 * `small_to_mtp_projection` when H ≠ cp_hidden, and RoPE positions start at 0.
 */
export function buildCodePredictor(weights: WeightSource, sizes: StandinSizes): GraphBuilder {
  const ctx = graphContext('code_predictor', weights);
  const g = ctx.graph;
  const embeds = g.input('inputs_embeds', 'float32', [1, 'S', sizes.hidden]);
  const step = g.input('generation_step', 'int64', [1]);
  const { hidden } = transformer(ctx, projectToCodePredictor(ctx, embeds, sizes), OFFICIAL.codePredictorModel, codePredictorConfig(sizes));
  const head = g.op('Gather', [stackedHeads(ctx, sizes), step], { axis: 0 }, 'lm_head.selected'); // [1, cp, 2048]
  const logits = g.op('MatMul', [lastPosition(ctx, hidden), head], {}, 'lm_head.matmul'); // [1, 1, 2048]
  g.output(g.op('Reshape', [logits, g.constI64([1, CODEBOOK_SIZE])]), 'logits', 'float32', [1, CODEBOOK_SIZE]);
  return g;
}

/**
 * `small_to_mtp_projection` (Linear H→cp with bias) when H ≠ cp_hidden, else `embeds` unchanged —
 * the code predictor's input step, shared with the parley cached graphs so they use the same weights.
 */
export function projectToCodePredictor(ctx: BuildContext, embeds: string, sizes: StandinSizes): string {
  if (sizes.hidden === sizes.cpHidden) return embeds;
  return linear(ctx, embeds, OFFICIAL.smallToMtpProjection, sizes.hidden, sizes.cpHidden, { bias: true });
}

/** The 15 `lm_head.{j}.weight` [2048, cp], in PyTorch layout. */
export function headWeights(ctx: BuildContext, sizes: StandinSizes): Float32Array[] {
  return Array.from({ length: NUM_CODE_GROUPS - 1 }, (_, j) =>
    ctx.weights.tensor({ name: `${OFFICIAL.codePredictorLmHead}.${j}.weight`, shape: [CODEBOOK_SIZE, sizes.cpHidden], init: 'fan-in' }),
  );
}

/**
 * The 15 heads stacked as one [15, cp, 2048] (transposed for MatMul), so `Gather(·,
 * generation_step)` picks step j's head inside the graph.
 */
export function stackedHeads(ctx: BuildContext, sizes: StandinSizes): string {
  const per = sizes.cpHidden * CODEBOOK_SIZE;
  const heads = headWeights(ctx, sizes);
  const stacked = new Float32Array(heads.length * per);
  heads.forEach((w, j) => stacked.set(transpose2d(w, CODEBOOK_SIZE, sizes.cpHidden), j * per));
  return ctx.graph.initializer(`${OFFICIAL.codePredictorLmHead}.stacked.T`, stacked, [heads.length, sizes.cpHidden, CODEBOOK_SIZE]);
}
