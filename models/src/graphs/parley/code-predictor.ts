import { CODEBOOK_SIZE } from '../../contract.js';
import { linear } from '../../layers/linear.js';
import { transformer } from '../../layers/transformer.js';
import type { GraphBuilder } from '../../onnx/graph-builder.js';
import type { WeightPrecision } from '@parley/qwen3-contract';
import type { StandinSizes } from '../../standin/sizes.js';
import { OFFICIAL } from '../../weights/official-names.js';
import type { WeightSource } from '../../weights/weight-source.js';
import { codePredictorConfig, headWeights, projectToCodePredictor, stackedHeads } from '../code-predictor.js';
import { selectedInt8Head } from '../../quantize/selected-int8-head.js';
import type { BuildContext } from '../../layers/context.js';
import { graphContext, lastPosition } from '../graph-context.js';
import { capacityPastInputs, outputHeadMajor, type CacheGeometry } from './capacity-cache.js';

/** The code predictor's cache geometry (5 × [S, 8, 128] per tensor at 0.6B; S ≤ 16). */
export function codePredictorCacheGeometry(sizes: StandinSizes): CacheGeometry {
  return { layers: sizes.cpLayers, kvHeads: sizes.cpKvHeads, headDim: sizes.cpHeadDim };
}

/**
 * `parley_code_predictor_prefill.onnx`: `inputs_embeds` f32 [1,S,H] (S = 2: `[last_hidden,
 * CE(c0)]`) → `logits` f32 [1,2048] for code 1 (lm_head 0, last position), and `present_key_i` /
 * `present_value_i` f32 [kvH,S,hd]. Replaces the first community `code_predictor`
 * call (docs/model.md#the-frame-loop, step 3.2); same official weights, incl. `small_to_mtp_projection`.
 */
export function buildParleyCodePredictorPrefill(
  weights: WeightSource,
  sizes: StandinSizes,
  precision: WeightPrecision = 'fp32',
): GraphBuilder {
  const ctx = graphContext('parley_code_predictor_prefill', weights, precision);
  const g = ctx.graph;
  const embeds = g.input('inputs_embeds', 'float32', [1, 'S', sizes.hidden]);
  const result = transformer(ctx, projectToCodePredictor(ctx, embeds, sizes), OFFICIAL.codePredictorModel, codePredictorConfig(sizes));
  // Step 0 always uses lm_head.0, so it is a plain Linear here: same weight spec as stackedHeads.
  const logits = linear(ctx, lastPosition(ctx, result.hidden), `${OFFICIAL.codePredictorLmHead}.0`, sizes.cpHidden, CODEBOOK_SIZE);
  g.output(g.op('Reshape', [logits, g.constI64([1, CODEBOOK_SIZE])]), 'logits', 'float32', [1, CODEBOOK_SIZE]);
  outputHeadMajor(ctx, result.presents, codePredictorCacheGeometry(sizes), 'present_', 'S');
  return g;
}

/**
 * `parley_code_predictor_step.onnx`: `inputs_embeds` f32 [1,1,H] (`CPE(c_j, j-1)`),
 * `generation_step` i64 [1] (j = 1..14, selects `lm_head[j]`), `past_key_i` / `past_value_i` f32
 * [kvH,C,hd] and `past_length` i64 [1] (S = j+1 filled, C = 16 fits a frame) → `logits` f32
 * [1,2048] for code j+1, and only the new position's `new_key_i` / `new_value_i` f32 [kvH,1,hd].
 * RoPE position S — the same positions the community graph's full recompute gives this element.
 */
export function buildParleyCodePredictorStep(
  weights: WeightSource,
  sizes: StandinSizes,
  precision: WeightPrecision = 'fp32',
): GraphBuilder {
  const ctx = graphContext('parley_code_predictor_step', weights, precision);
  const g = ctx.graph;
  const embeds = g.input('inputs_embeds', 'float32', [1, 1, sizes.hidden]);
  const step = g.input('generation_step', 'int64', [1]);
  const geometry = codePredictorCacheGeometry(sizes);
  const past = capacityPastInputs(ctx, geometry);
  const result = transformer(ctx, projectToCodePredictor(ctx, embeds, sizes), OFFICIAL.codePredictorModel, codePredictorConfig(sizes), {
    capacityPast: past,
  });
  const logits =
    precision === 'fp32'
      ? selectedHead(ctx, result.hidden, step, sizes)
      : selectedInt8Head(g, result.hidden, step, headWeights(ctx, sizes), sizes.cpHidden, CODEBOOK_SIZE, OFFICIAL.codePredictorLmHead);
  g.output(g.op('Reshape', [logits, g.constI64([1, CODEBOOK_SIZE])]), 'logits', 'float32', [1, CODEBOOK_SIZE]);
  outputHeadMajor(ctx, result.added, geometry, 'new_', 1);
  return g;
}

/** `hidden · lm_head[step]ᵀ` with the fp32 heads, `[1, 1, 2048]`. */
function selectedHead(ctx: BuildContext, hidden: string, step: string, sizes: StandinSizes): string {
  const g = ctx.graph;
  const head = g.op('Gather', [stackedHeads(ctx, sizes), step], { axis: 0 }, 'lm_head.selected'); // [1, cp, 2048]
  return g.op('MatMul', [hidden, head], {}, 'lm_head.matmul');
}
