/**
 * The sizes of the 12 Hz speech tokenizer's decoder (`decoder_config` of a checkpoint's
 * `speech_tokenizer/config.json`). The kernels, strides and dilations are the architecture's
 * own and fixed; these are what a checkpoint (or the stand-in) chooses.
 */
export interface CodecDecoderSizes {
  /** Codebooks per frame (`num_quantizers`), the first one semantic. */
  readonly quantizers: number;
  readonly codebookSize: number;
  /** Width of the dequantized frame (`codebook_dim`); each RVQ codebook is half of it. */
  readonly codebookDim: number;
  /** Width of the convolutional latent (`latent_dim`). */
  readonly latentDim: number;
  /** The transformer's width (`hidden_size`), heads, head size and MLP width. */
  readonly hidden: number;
  readonly heads: number;
  readonly headDim: number;
  readonly intermediate: number;
  readonly layers: number;
  /** Positions each frame attends to, itself included (`sliding_window`). */
  readonly slidingWindow: number;
  readonly ropeTheta: number;
  readonly rmsNormEps: number;
  /** Channels into the vocoder (`decoder_dim`); halved by each of its blocks. */
  readonly decoderDim: number;
  /** The vocoder blocks' transposed-conv strides (`upsample_rates`). */
  readonly upsampleRates: readonly number[];
  /** The strides of the upsampling stages before the vocoder (`upsampling_ratios`). */
  readonly upsamplingRatios: readonly number[];
}

/** The released Qwen3-TTS-Tokenizer-12Hz decoder (its published config.json). */
export const REAL_CODEC_DECODER_SIZES: CodecDecoderSizes = {
  quantizers: 16,
  codebookSize: 2048,
  codebookDim: 512,
  latentDim: 1024,
  hidden: 512,
  heads: 16,
  headDim: 64,
  intermediate: 1024,
  layers: 8,
  slidingWindow: 72,
  ropeTheta: 10_000,
  rmsNormEps: 1e-5,
  decoderDim: 1536,
  upsampleRates: [8, 5, 4, 3],
  upsamplingRatios: [2, 2],
};

/** Output samples per frame: the product of every stride (1920 in the release). */
export function samplesPerFrame(sizes: CodecDecoderSizes): number {
  return [...sizes.upsampleRates, ...sizes.upsamplingRatios].reduce((a, b) => a * b, 1);
}

/** `decoder_config` of a speech tokenizer config.json, as the official config class writes it. */
export function codecDecoderConfigJson(sizes: CodecDecoderSizes): Record<string, unknown> {
  return {
    num_quantizers: sizes.quantizers,
    codebook_size: sizes.codebookSize,
    codebook_dim: sizes.codebookDim,
    latent_dim: sizes.latentDim,
    hidden_size: sizes.hidden,
    num_attention_heads: sizes.heads,
    num_key_value_heads: sizes.heads,
    head_dim: sizes.headDim,
    intermediate_size: sizes.intermediate,
    num_hidden_layers: sizes.layers,
    sliding_window: sizes.slidingWindow,
    rope_theta: sizes.ropeTheta,
    rms_norm_eps: sizes.rmsNormEps,
    decoder_dim: sizes.decoderDim,
    upsample_rates: [...sizes.upsampleRates],
    upsampling_ratios: [...sizes.upsamplingRatios],
    hidden_act: 'silu',
    attention_bias: false,
    attention_dropout: 0,
    layer_scale_initial_scale: 0.01,
    max_position_embeddings: 8000,
  };
}

/**
 * Reads `decoder_config`, with the official class's defaults for what it leaves out (its
 * `head_dim` defaults to `hidden_size / num_attention_heads`).
 * @throws Error naming the first field that is not a positive integer (or list of them).
 */
export function codecDecoderSizesFromConfig(decoder: Record<string, unknown>): CodecDecoderSizes {
  const int = (key: string, fallback?: number): number => {
    const value = decoder[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
      throw new Error(`decoder_config.${key} must be a positive integer, got ${JSON.stringify(value)}`);
    return value;
  };
  const ints = (key: string, fallback: number[]): number[] => {
    const value = decoder[key] ?? fallback;
    if (!Array.isArray(value) || !value.every((v) => Number.isInteger(v) && v > 0))
      throw new Error(`decoder_config.${key} must be a list of positive integers`);
    return value as number[];
  };
  const hidden = int('hidden_size', 1024);
  const heads = int('num_attention_heads', 16);
  if (int('num_key_value_heads', heads) !== heads) throw new Error('decoder_config.num_key_value_heads must equal num_attention_heads');
  return {
    quantizers: int('num_quantizers', 16),
    codebookSize: int('codebook_size', 2048),
    codebookDim: int('codebook_dim'),
    latentDim: int('latent_dim', 1024),
    hidden,
    heads,
    headDim: int('head_dim', Math.floor(hidden / heads)),
    intermediate: int('intermediate_size', 3072),
    layers: int('num_hidden_layers', 8),
    slidingWindow: int('sliding_window', 72),
    ropeTheta: int('rope_theta', 10_000),
    rmsNormEps: typeof decoder.rms_norm_eps === 'number' ? decoder.rms_norm_eps : 1e-5,
    decoderDim: int('decoder_dim', 1536),
    upsampleRates: ints('upsample_rates', [8, 5, 4, 3]),
    upsamplingRatios: ints('upsampling_ratios', [2, 2]),
  };
}
