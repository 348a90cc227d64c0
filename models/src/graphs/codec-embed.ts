import { CODEC_VOCAB_SIZE } from '../contract.js';
import { embedding } from '../layers/embedding.js';
import type { GraphBuilder } from '../onnx/graph-builder.js';
import type { StandinSizes } from '../standin/sizes.js';
import { OFFICIAL } from '../weights/official-names.js';
import type { WeightSource } from '../weights/weight-source.js';
import { graphContext } from './graph-context.js';

/** `codec_embed.onnx`: `input_ids` i64 [1,T] → `embeds` f32 [1,T,H] from the [3072, H] codec table. */
export function buildCodecEmbed(weights: WeightSource, sizes: StandinSizes): GraphBuilder {
  const ctx = graphContext('codec_embed', weights);
  const ids = ctx.graph.input('input_ids', 'int64', [1, 'T']);
  const out = embedding(ctx, ids, `${OFFICIAL.talkerModel}.codec_embedding.weight`, CODEC_VOCAB_SIZE, sizes.hidden);
  ctx.graph.output(out, 'embeds', 'float32', [1, 'T', sizes.hidden]);
  return ctx.graph;
}
