import type { ParleyGraphName, WeightPrecision } from '@parley/qwen3-contract';
import type { GraphBuilder } from '../../onnx/graph-builder.js';
import type { StandinSizes } from '../../standin/sizes.js';
import type { WeightSource } from '../../weights/weight-source.js';
import { buildCodecDecoder } from '../codec/codec-decoder.js';
import { buildParleyCodePredictorPrefill, buildParleyCodePredictorStep } from './code-predictor.js';
import { buildCodePredictorKvAppend, buildTalkerKvAppend } from './kv-append.js';
import { buildParleyTalkerDecode, buildParleyTalkerPrefill } from './talker.js';

const BUILDERS: Readonly<
  Record<ParleyGraphName, (weights: WeightSource, sizes: StandinSizes, precision: WeightPrecision) => GraphBuilder>
> = {
  parley_talker_prefill: buildParleyTalkerPrefill,
  parley_talker_decode: buildParleyTalkerDecode,
  parley_code_predictor_prefill: buildParleyCodePredictorPrefill,
  parley_code_predictor_step: buildParleyCodePredictorStep,
  parley_talker_kv_append: (_weights, sizes) => buildTalkerKvAppend(sizes),
  parley_code_predictor_kv_append: (_weights, sizes) => buildCodePredictorKvAppend(sizes),
  // The decoder's weights are the speech tokenizer's, kept at fp32 (its convolutions are not Linears).
  parley_codec_decode_streaming: (weights, sizes) =>
    buildCodecDecoder('parley_codec_decode_streaming', weights, sizes.codec, 'streaming').graph,
};

/**
 * Builds one parley-layout graph by file name from any weight source (random or a checkpoint),
 * its transformer's Linear weights stored at `precision`.
 */
export function buildParleyGraph(
  name: ParleyGraphName,
  weights: WeightSource,
  sizes: StandinSizes,
  precision: WeightPrecision = 'fp32',
): GraphBuilder {
  return BUILDERS[name](weights, sizes, precision);
}
