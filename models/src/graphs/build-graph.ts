import type { CommunityGraphName } from '@parley/qwen3-contract';
import type { GraphBuilder } from '../onnx/graph-builder.js';
import type { StandinSizes } from '../standin/sizes.js';
import type { WeightSource } from '../weights/weight-source.js';
import { buildCodePredictorEmbed } from './code-predictor-embed.js';
import { buildCodePredictor } from './code-predictor.js';
import { buildCodecEmbed } from './codec-embed.js';
import { buildSpeakerEncoder } from './speaker-encoder/speaker-encoder.js';
import { buildTalkerDecode, buildTalkerPrefill, type TalkerGraphOptions } from './talker.js';
import { buildTextProject } from './text-project.js';
import { buildCodecDecoder } from './codec/codec-decoder.js';
import { buildTokenizerEncode } from './tokenizer-encode.js';

type Builder = (weights: WeightSource, sizes: StandinSizes, options: TalkerGraphOptions) => GraphBuilder;

const BUILDERS: Readonly<Record<CommunityGraphName, Builder>> = {
  text_project: buildTextProject,
  codec_embed: buildCodecEmbed,
  code_predictor_embed: buildCodePredictorEmbed,
  talker_prefill: buildTalkerPrefill,
  talker_decode: buildTalkerDecode,
  code_predictor: buildCodePredictor,
  tokenizer12hz_decode: (weights, sizes) => buildCodecDecoder('tokenizer12hz_decode', weights, sizes.codec, 'whole').graph,
  speaker_encoder: buildSpeakerEncoder,
  tokenizer12hz_encode: buildTokenizerEncode,
};

/**
 * Builds one graph of the layout by its file name, from any weight source (random today, an
 * official checkpoint later).
 */
export function buildGraph(
  name: CommunityGraphName,
  weights: WeightSource,
  sizes: StandinSizes,
  options: TalkerGraphOptions = {},
): GraphBuilder {
  return BUILDERS[name](weights, sizes, options);
}
