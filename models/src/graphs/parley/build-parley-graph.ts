import type { GraphName } from '../../contract.js';
import type { GraphBuilder } from '../../onnx/graph-builder.js';
import type { WeightPrecision } from '../../quantize/precision.js';
import type { StandinSizes } from '../../standin/sizes.js';
import type { WeightSource } from '../../weights/weight-source.js';
import { buildParleyCodePredictorPrefill, buildParleyCodePredictorStep } from './code-predictor.js';
import { buildCodePredictorKvAppend, buildTalkerKvAppend } from './kv-append.js';
import { buildParleyTalkerDecode, buildParleyTalkerPrefill } from './talker.js';

/**
 * The graphs the parley layout adds to the community one (issue 7): the talker and code
 * predictor, and the weightless cache appends an engine runs when its cache lives on a GPU.
 * Embeddings, the codec decoder/encoder and the speaker encoder are reused from the community
 * layout unchanged.
 */
export const PARLEY_GRAPH_NAMES = [
  'parley_talker_prefill',
  'parley_talker_decode',
  'parley_code_predictor_prefill',
  'parley_code_predictor_step',
  'parley_talker_kv_append',
  'parley_code_predictor_kv_append',
] as const;

/** The community graphs the parley path uses as they are (their weights are identical). */
export const SHARED_COMMUNITY_GRAPHS: readonly GraphName[] = ['text_project', 'codec_embed', 'code_predictor_embed', 'tokenizer12hz_decode', 'speaker_encoder', 'tokenizer12hz_encode'];

/** One of {@link PARLEY_GRAPH_NAMES}. */
export type ParleyGraphName = (typeof PARLEY_GRAPH_NAMES)[number];

const BUILDERS: Readonly<Record<ParleyGraphName, (weights: WeightSource, sizes: StandinSizes, precision: WeightPrecision) => GraphBuilder>> = {
  parley_talker_prefill: buildParleyTalkerPrefill,
  parley_talker_decode: buildParleyTalkerDecode,
  parley_code_predictor_prefill: buildParleyCodePredictorPrefill,
  parley_code_predictor_step: buildParleyCodePredictorStep,
  parley_talker_kv_append: (_weights, sizes) => buildTalkerKvAppend(sizes),
  parley_code_predictor_kv_append: (_weights, sizes) => buildCodePredictorKvAppend(sizes),
};

/**
 * Builds one parley-layout graph by file name from any weight source (random or a checkpoint),
 * its transformer's Linear weights stored at `precision`.
 */
export function buildParleyGraph(name: ParleyGraphName, weights: WeightSource, sizes: StandinSizes, precision: WeightPrecision = 'fp32'): GraphBuilder {
  return BUILDERS[name](weights, sizes, precision);
}
