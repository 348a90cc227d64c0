import { TEXT_VOCAB_SIZE } from '../contract.js';
import { embedding } from '../layers/embedding.js';
import { linear } from '../layers/linear.js';
import type { GraphBuilder } from '../onnx/graph-builder.js';
import type { StandinSizes } from '../standin/sizes.js';
import { OFFICIAL } from '../weights/official-names.js';
import type { WeightSource } from '../weights/weight-source.js';
import { graphContext } from './graph-context.js';

/**
 * `text_project.onnx`: `input_ids` i64 [1,T] → `embeds` f32 [1,T,H] — the text embedding
 * ([151936, text_hidden]) then the ResizeMLP `linear_fc2(silu(linear_fc1(·)))` (docs/model.md#sizes).
 */
export function buildTextProject(weights: WeightSource, sizes: StandinSizes): GraphBuilder {
  const ctx = graphContext('text_project', weights);
  const g = ctx.graph;
  const ids = g.input('input_ids', 'int64', [1, 'T']);
  const text = embedding(ctx, ids, `${OFFICIAL.talkerModel}.text_embedding.weight`, TEXT_VOCAB_SIZE, sizes.textHidden);
  const fc1 = linear(ctx, text, `${OFFICIAL.textProjection}.linear_fc1`, sizes.textHidden, sizes.textHidden, { bias: true });
  const act = g.op('Mul', [fc1, g.op('Sigmoid', [fc1])], {}, 'silu');
  const out = linear(ctx, act, `${OFFICIAL.textProjection}.linear_fc2`, sizes.textHidden, sizes.hidden, { bias: true });
  g.output(out, 'embeds', 'float32', [1, 'T', sizes.hidden]);
  return g;
}
