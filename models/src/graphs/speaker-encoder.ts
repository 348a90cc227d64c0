import { MEL_BINS } from '../contract.js';
import { linear } from '../layers/linear.js';
import type { GraphBuilder } from '../onnx/graph-builder.js';
import type { StandinSizes } from '../standin/sizes.js';
import { STANDIN } from '../weights/official-names.js';
import type { WeightSource } from '../weights/weight-source.js';
import { graphContext } from './graph-context.js';

/**
 * `speaker_encoder.onnx`: `mel` f32 [1,T_mel,128] (log-mel, docs/model.md#log-mel-front-end) →
 * `embedding` f32 [1,H]. The real one is an ECAPA-TDNN whose output width must equal H; the
 * stand-in mean-pools over time and projects (docs/model.md#stand-in-model). Input name per the
 * sherpa export; other ports look it up at load.
 */
export function buildSpeakerEncoder(weights: WeightSource, sizes: StandinSizes): GraphBuilder {
  const ctx = graphContext('speaker_encoder', weights);
  const g = ctx.graph;
  const mel = g.input('mel', 'float32', [1, 'T_mel', MEL_BINS]);
  const pooled = g.op('ReduceMean', [mel], { axes: [1], keepdims: 0 }, 'time_mean'); // [1,128]
  g.output(linear(ctx, pooled, `${STANDIN.speakerEncoder}.proj`, MEL_BINS, sizes.hidden, { bias: true }), 'embedding', 'float32', [
    1,
    sizes.hidden,
  ]);
  return g;
}
