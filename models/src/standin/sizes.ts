import { REAL_CODEC_DECODER_SIZES, type CodecDecoderSizes } from '../graphs/codec/codec-sizes.js';
import {
  REAL_SPEAKER_ENCODER_SIZES,
  validateSpeakerEncoderSizes,
  type SpeakerEncoderSizes,
} from '../graphs/speaker-encoder/speaker-encoder-sizes.js';

/**
 * Every size of a stand-in that docs/model.md#stand-in-model lets shrink. Names follow config.json's meaning:
 * `hidden` is the talker's `hidden_size` (H), `cp*` the code predictor's.
 */
export interface StandinSizes {
  /** Talker hidden size H; also every embedding's width and the speaker vector's. */
  readonly hidden: number;
  readonly layers: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly intermediate: number;
  /** Width of the text embedding table (`text_hidden_size`). */
  readonly textHidden: number;
  readonly cpHidden: number;
  readonly cpLayers: number;
  readonly cpHeads: number;
  readonly cpKvHeads: number;
  readonly cpHeadDim: number;
  readonly cpIntermediate: number;
  /** The speech tokenizer's decoder (the real architecture; its widths and window shrink). */
  readonly codec: CodecDecoderSizes;
  /** The Base models' ECAPA-TDNN speaker encoder (the real architecture at small widths); its output width is `hidden`. */
  readonly speakerEncoder: SpeakerEncoderSizes;
}

/**
 * The stand-in's decoder: the release's kernels, strides, dilations and codebooks at tiny
 * widths, with a sliding window of 8 frames so that a short utterance crosses it.
 */
export const STANDIN_CODEC_DECODER_SIZES: CodecDecoderSizes = {
  quantizers: 16,
  codebookSize: 2048,
  codebookDim: 16,
  latentDim: 16,
  hidden: 16,
  heads: 2,
  headDim: 8,
  intermediate: 32,
  layers: 2,
  slidingWindow: 8,
  ropeTheta: 10_000,
  rmsNormEps: 1e-5,
  decoderDim: 32,
  upsampleRates: [8, 5, 4, 3],
  upsamplingRatios: [2, 2],
};

/**
 * The stand-in's speaker encoder: the release's kernels and dilations, three SE-Res2Net blocks
 * and an aggregation as wide as the three together, at widths of 16; a Res2Net scale of 4
 * (not the release's 8), so that a builder reading the scale from the config is what is tested.
 */
const STANDIN_SPEAKER_ENCODER_SIZES: SpeakerEncoderSizes = {
  channels: [16, 16, 16, 16, 48],
  kernelSizes: [5, 3, 3, 3, 1],
  dilations: [1, 2, 3, 4, 1],
  attentionChannels: 8,
  res2netScale: 4,
  seChannels: 8,
};

/**
 * The default stand-in: ~21 MB on disk (9.7 MB of it the [151936, 16] text table the text
 * vocabulary forces), generated in well under a second, every graph a few ms a call. GQA (4 q
 * heads on 2 kv heads) and cp_hidden ≠ H keep the interesting paths (kv-head grouping,
 * `small_to_mtp_projection`) exercised.
 */
export const DEFAULT_STANDIN_SIZES: StandinSizes = {
  hidden: 32,
  layers: 2,
  heads: 4,
  kvHeads: 2,
  headDim: 8,
  intermediate: 64,
  textHidden: 16,
  cpHidden: 24,
  cpLayers: 2,
  cpHeads: 2,
  cpKvHeads: 1,
  cpHeadDim: 12,
  cpIntermediate: 48,
  codec: STANDIN_CODEC_DECODER_SIZES,
  speakerEncoder: STANDIN_SPEAKER_ENCODER_SIZES,
};

/**
 * The real 0.6B sizes (docs/model.md#sizes), for a random model of full size (benchmarks). Its graphs are
 * ~6.5 GB of fp32; initializers over 1 GiB per graph go to `<name>.onnx.data` automatically.
 * The decoder is the released 12 Hz tokenizer's, the speaker encoder the release's.
 */
export const REAL_0_6B_SIZES: StandinSizes = {
  hidden: 1024,
  layers: 28,
  heads: 16,
  kvHeads: 8,
  headDim: 128,
  intermediate: 3072,
  textHidden: 2048,
  cpHidden: 1024,
  cpLayers: 5,
  cpHeads: 16,
  cpKvHeads: 8,
  cpHeadDim: 128,
  cpIntermediate: 3072,
  codec: REAL_CODEC_DECODER_SIZES,
  speakerEncoder: REAL_SPEAKER_ENCODER_SIZES,
};

/** Throws when sizes cannot make a valid model (odd head_dim, heads not a multiple of kv heads, …). */
export function validateSizes(sizes: StandinSizes): void {
  for (const [key, value] of Object.entries(sizes)) {
    if (key === 'codec' || key === 'speakerEncoder') continue;
    if (!Number.isInteger(value) || value <= 0) throw new Error(`sizes.${key} must be a positive integer, got ${value}`);
  }
  if (sizes.codec.codebookDim % 2 !== 0 || sizes.codec.decoderDim % 2 ** sizes.codec.upsampleRates.length !== 0) {
    throw new Error('sizes.codec: codebookDim must be even and decoderDim divisible by 2 per vocoder block');
  }
  validateSpeakerEncoderSizes(sizes.speakerEncoder);
  if (sizes.headDim % 2 !== 0 || sizes.cpHeadDim % 2 !== 0) throw new Error('head dims must be even (RoPE rotates halves)');
  if (sizes.heads % sizes.kvHeads !== 0) throw new Error('heads must be a multiple of kvHeads');
  if (sizes.cpHeads % sizes.cpKvHeads !== 0) throw new Error('cpHeads must be a multiple of cpKvHeads');
}
