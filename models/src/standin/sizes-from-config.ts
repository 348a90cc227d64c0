import { CODEBOOK_SIZE, CODEC_VOCAB_SIZE, NUM_CODE_GROUPS, TEXT_VOCAB_SIZE } from '../contract.js';
import type { CodecDecoderSizes } from '../graphs/codec/codec-sizes.js';
import { speakerEncoderSizesFromConfig } from '../graphs/speaker-encoder/speaker-encoder-sizes.js';
import { REAL_0_6B_SIZES, validateSizes, type StandinSizes } from './sizes.js';

/** Options of {@link sizesFromConfigJson}. */
export interface SizesFromConfigOptions {
  /**
   * The codec decoder's sizes, which the model's config.json does not hold (they are in the
   * speech tokenizer's own config). Default: the released decoder's, the same for 0.6B and 1.7B
   * (they share the 12 Hz tokenizer).
   */
  codec?: CodecDecoderSizes;
}

const TALKER = 'talker_config';
const CODE_PREDICTOR = 'talker_config.code_predictor_config';

/** The transformer sizes under both configs (the keys `standinConfigJson` writes, as the official config has them). */
const TRANSFORMER_KEYS = [
  ['hidden', 'hidden_size'],
  ['layers', 'num_hidden_layers'],
  ['heads', 'num_attention_heads'],
  ['kvHeads', 'num_key_value_heads'],
  ['headDim', 'head_dim'],
  ['intermediate', 'intermediate_size'],
] as const;

/** Each size but `codec` with its config.json key path; the code predictor's sizes are `cp…`. */
const KEYS: ReadonlyArray<readonly [keyof StandinSizes, string]> = [
  ...TRANSFORMER_KEYS.map(([size, key]) => [size, `${TALKER}.${key}`] as const),
  ['textHidden', `${TALKER}.text_hidden_size`],
  ...TRANSFORMER_KEYS.map(
    ([size, key]) => [`cp${size[0]!.toUpperCase()}${size.slice(1)}` as keyof StandinSizes, `${CODE_PREDICTOR}.${key}`] as const,
  ),
];

/** Vocabulary sizes the graphs hard-code (contract.ts): a config with others cannot be converted. */
const FIXED: ReadonlyArray<readonly [string, number]> = [
  [`${TALKER}.vocab_size`, CODEC_VOCAB_SIZE],
  [`${TALKER}.text_vocab_size`, TEXT_VOCAB_SIZE],
  [`${TALKER}.num_code_groups`, NUM_CODE_GROUPS],
  [`${CODE_PREDICTOR}.vocab_size`, CODEBOOK_SIZE],
];

/**
 * The graph sizes of a Qwen3-TTS `config.json` (official or stand-in): the talker's and the code
 * predictor's transformer shapes, the text embedding width and the speaker encoder's
 * (`speaker_encoder_config`, the official defaults for what it leaves out). Throws an Error naming the key
 * when one is missing or not a positive integer, or when a vocabulary size differs from the one
 * the graphs are built for.
 *
 * @example
 * ```ts
 * const sizes = sizesFromConfigJson(JSON.parse(readFileSync('config.json', 'utf8')));
 * sizes.hidden; // 1024 for the 0.6B checkpoints
 * ```
 */
export function sizesFromConfigJson(json: unknown, options: SizesFromConfigOptions = {}): StandinSizes {
  const entries = KEYS.map(([size, key]) => [size, integerAt(json, key)] as const);
  for (const [key, expected] of FIXED) {
    const value = integerAt(json, key);
    if (value !== expected) throw new Error(`config.json ${key} is ${value}; parley's graphs are built for ${expected}`);
  }
  const sizes = {
    ...Object.fromEntries(entries),
    codec: options.codec ?? REAL_0_6B_SIZES.codec,
    speakerEncoder: speakerEncoderSizesFromConfig(objectAt(json, 'speaker_encoder_config')),
  } as StandinSizes;
  validateSizes(sizes);
  return sizes;
}

/** The object under top-level `key`, `{}` when there is none. */
function objectAt(json: unknown, key: string): Record<string, unknown> {
  const value = typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[key] : undefined;
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`config.json ${key} must be an object`);
  return value as Record<string, unknown>;
}

/** The positive integer at a dotted key path, or an Error naming the path. */
function integerAt(json: unknown, path: string): number {
  let value: unknown = json;
  for (const part of path.split('.'))
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  if (value === undefined) throw new Error(`config.json has no ${path}`);
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
    throw new Error(`config.json ${path} must be a positive integer, got ${JSON.stringify(value)}`);
  return value;
}
