import { CODEBOOK_SIZE, NUM_CODE_GROUPS } from '../contract.js';
import { stackedTables } from '../layers/embedding.js';
import type { GraphBuilder } from '../onnx/graph-builder.js';
import type { StandinSizes } from '../standin/sizes.js';
import { OFFICIAL } from '../weights/official-names.js';
import type { WeightSource } from '../weights/weight-source.js';
import { graphContext } from './graph-context.js';

/**
 * `code_predictor_embed.onnx`: `input_ids` i64 [1,1] (a sub-code 0..2047) and `generation_step`
 * i64 [1] (0..14) → `embeds` f32 [1,1,H]. Step j embeds code j+1 with
 * `code_predictor.model.codec_embedding[j]` (docs/model.md#decode-step-input). The 15 tables are stacked
 * and gathered at `step·2048 + id`.
 */
export function buildCodePredictorEmbed(weights: WeightSource, sizes: StandinSizes): GraphBuilder {
  const ctx = graphContext('code_predictor_embed', weights);
  const g = ctx.graph;
  const ids = g.input('input_ids', 'int64', [1, 1]);
  const step = g.input('generation_step', 'int64', [1]);
  const names = Array.from({ length: NUM_CODE_GROUPS - 1 }, (_, j) => `${OFFICIAL.codePredictorModel}.codec_embedding.${j}.weight`);
  const table = stackedTables(ctx, names, `${OFFICIAL.codePredictorModel}.codec_embedding.stacked`, CODEBOOK_SIZE, sizes.hidden);
  const row = g.op('Add', [g.op('Mul', [step, g.constI64([CODEBOOK_SIZE], [])]), ids], {}, 'row');
  g.output(g.op('Gather', [table, row], { axis: 0 }), 'embeds', 'float32', [1, 1, sizes.hidden]);
  return g;
}
