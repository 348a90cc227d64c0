import { SAMPLE_RATE_HZ } from '@parley/qwen3-contract';
import { MEL_BINS } from '../../contract.js';

/**
 * The sizes of the ECAPA-TDNN speaker encoder (`speaker_encoder_config` of a Base checkpoint's
 * config.json). Layer i of `channels`, `kernelSizes` and `dilations` is: 0 the first TDNN block,
 * 1 … n−2 the SE-Res2Net blocks, n−1 the multi-layer feature aggregation (whose input is every
 * SE-Res2Net block's output side by side). The output width (`enc_dim`) is not here: it must be
 * the talker's hidden size, which is where the vector goes.
 */
export interface SpeakerEncoderSizes {
  /** `enc_channels`: each layer's output channels. */
  readonly channels: readonly number[];
  /** `enc_kernel_sizes`. */
  readonly kernelSizes: readonly number[];
  /** `enc_dilations`. */
  readonly dilations: readonly number[];
  /** `enc_attention_channels`: the attentive pooling's hidden width. */
  readonly attentionChannels: number;
  /** `enc_res2net_scale`: how many channel groups a Res2Net block splits into. */
  readonly res2netScale: number;
  /** `enc_se_channels`: the squeeze-excitation bottleneck. */
  readonly seChannels: number;
}

/**
 * The official config class's defaults, which the released config.json files rely on: they set
 * only `enc_dim` (1024 for 0.6B, 2048 for 1.7B) and `sample_rate`.
 */
export const REAL_SPEAKER_ENCODER_SIZES: SpeakerEncoderSizes = {
  channels: [512, 512, 512, 512, 1536],
  kernelSizes: [5, 3, 3, 3, 1],
  dilations: [1, 2, 3, 4, 1],
  attentionChannels: 128,
  res2netScale: 8,
  seChannels: 128,
};

/**
 * Throws an Error naming the first inconsistency the official module would also fail on (at
 * construction or in its first forward pass): lists of unequal length or under three layers,
 * residual blocks that change width, an aggregation whose input is not the blocks' summed
 * widths, channels a Res2Net scale does not divide.
 */
export function validateSpeakerEncoderSizes(sizes: SpeakerEncoderSizes): void {
  const { channels, kernelSizes, dilations } = sizes;
  const fail = (message: string): never => {
    throw new Error(`speaker encoder sizes: ${message}`);
  };
  for (const [key, value] of Object.entries(sizes)) {
    const values = Array.isArray(value) ? (value as number[]) : [value as number];
    if (!values.every((v) => Number.isInteger(v) && v > 0)) fail(`${key} must be positive integers, got ${JSON.stringify(value)}`);
  }
  if (channels.length < 3 || kernelSizes.length !== channels.length || dilations.length !== channels.length)
    fail('channels, kernelSizes and dilations must have the same length, at least 3');
  const blocks = channels.slice(1, -1);
  if (!blocks.every((c) => c === channels[0]))
    fail(`the SE-Res2Net blocks are residual: channels ${channels.join(', ')} must agree up to the last`);
  if (blocks.reduce((a, b) => a + b, 0) !== channels.at(-1))
    fail(`the last channels must be the sum of the SE-Res2Net blocks' (${channels.join(', ')})`);
  if (channels[0]! % sizes.res2netScale !== 0) fail(`res2netScale ${sizes.res2netScale} must divide channels ${channels[0]}`);
}

/** `speaker_encoder_config` of a config.json, every key the official class reads written out. */
export function speakerEncoderConfigJson(sizes: SpeakerEncoderSizes, embeddingDim: number): Record<string, unknown> {
  return {
    mel_dim: MEL_BINS,
    enc_dim: embeddingDim,
    enc_channels: [...sizes.channels],
    enc_kernel_sizes: [...sizes.kernelSizes],
    enc_dilations: [...sizes.dilations],
    enc_attention_channels: sizes.attentionChannels,
    enc_res2net_scale: sizes.res2netScale,
    enc_se_channels: sizes.seChannels,
    sample_rate: SAMPLE_RATE_HZ,
  };
}

/** The keys of `speaker_encoder_config` and the official defaults for those left out. */
const CONFIG_KEYS = [
  ['channels', 'enc_channels'],
  ['kernelSizes', 'enc_kernel_sizes'],
  ['dilations', 'enc_dilations'],
  ['attentionChannels', 'enc_attention_channels'],
  ['res2netScale', 'enc_res2net_scale'],
  ['seChannels', 'enc_se_channels'],
] as const;

/**
 * Reads `speaker_encoder_config` (absent: `{}`) with the official class's defaults for what it
 * leaves out, and checks what parley's graph contract fixes: 128 mel bins and 24 kHz audio.
 * @throws Error naming the key when a value is invalid.
 */
export function speakerEncoderSizesFromConfig(config: Record<string, unknown>): SpeakerEncoderSizes {
  for (const [key, expected] of [
    ['mel_dim', MEL_BINS],
    ['sample_rate', SAMPLE_RATE_HZ],
  ] as const) {
    if (config[key] !== undefined && config[key] !== expected)
      throw new Error(`speaker_encoder_config.${key} is ${JSON.stringify(config[key])}; parley's speaker encoder takes ${expected}`);
  }
  const sizes = Object.fromEntries(
    CONFIG_KEYS.map(([size, key]) => [size, config[key] ?? REAL_SPEAKER_ENCODER_SIZES[size]]),
  ) as unknown as SpeakerEncoderSizes;
  try {
    validateSpeakerEncoderSizes(sizes);
  } catch (error) {
    throw new Error(`speaker_encoder_config: ${(error as Error).message}`);
  }
  return sizes;
}

/** `speaker_encoder_config.enc_dim` (the official default 1024 when absent): the width of the vector. */
export function speakerEmbeddingDim(config: Record<string, unknown>): number {
  const value = config.enc_dim ?? 1024;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
    throw new Error(`speaker_encoder_config.enc_dim must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}
