import { ParleyError } from '@parley/core';

/** The kind of checkpoint (`tts_model_type` in config.json). */
export type ModelType = 'base' | 'custom_voice' | 'voice_design';

/** Text-track special ids the engine injects by id, never by tokenizing (docs/model.md#special-ids). */
export interface TextSpecialIds {
  readonly ttsPad: number;
  readonly ttsBos: number;
  readonly ttsEos: number;
}

/** Codec-track special ids: they index `codec_embed` (docs/model.md#special-ids). */
export interface CodecSpecialIds {
  readonly pad: number;
  readonly bos: number;
  readonly eos: number;
  readonly think: number;
  readonly nothink: number;
  readonly thinkBos: number;
  readonly thinkEos: number;
}

/**
 * What the engine reads from a checkpoint's config.json. Every id comes from the file: the code
 * defaults of the official package differ from the released configs, and one port's hard-coded
 * language ids are wrong (docs/model.md#special-ids).
 */
export interface ModelConfig {
  readonly modelType: ModelType;
  /** `tts_model_size`, e.g. `"0b6"` or `"1b7"`; only 1b7 honours an instruction (docs/model.md#prompt-layout). */
  readonly modelSize: string;
  readonly text: TextSpecialIds;
  readonly codec: CodecSpecialIds;
  /** `codec_language_id`, keys lower-cased: language name → codec id. */
  readonly languages: Readonly<Record<string, number>>;
  /** `spk_id`, keys lower-cased: CustomVoice speaker → codec id. Empty for Base. */
  readonly speakers: Readonly<Record<string, number>>;
  /** `spk_is_dialect`: speaker → the `codec_language_id` key of its dialect, or false. */
  readonly speakerDialects: Readonly<Record<string, string | false>>;
  /** Sizes config.json states; used only where the graphs leave a dimension symbolic (docs/model.md#sizes). */
  readonly declaredSizes: DeclaredSizes;
}

/** Sizes as config.json declares them (`talker_config`); any may be absent. */
export interface DeclaredSizes {
  /** `hidden_size` (H). */
  readonly hidden: number | undefined;
  /** `vocab_size`: talker codec vocabulary (3072). */
  readonly codecVocab: number | undefined;
  /** `code_predictor_config.vocab_size`: values of one code (2048). */
  readonly codebook: number | undefined;
  /** `num_code_groups`: codes per frame (16). */
  readonly codeGroups: number | undefined;
  /** `num_hidden_layers`: talker layers (28). */
  readonly layers: number | undefined;
  /** `code_predictor_config.num_hidden_layers`: code-predictor layers (5). */
  readonly cpLayers: number | undefined;
}

const MODEL_TYPES: readonly ModelType[] = ['base', 'custom_voice', 'voice_design'];

/**
 * Parses a config.json object.
 * @throws ParleyError MODEL_LOAD_FAILED naming the missing or malformed key.
 */
export function parseModelConfig(json: unknown, file = 'config.json'): ModelConfig {
  const root = objectAt(json, file, '(root)');
  const talker = objectAt(root['talker_config'], file, 'talker_config');
  const id = (object: Record<string, unknown>, key: string, path: string) => integerAt(object[key], file, path);
  const modelType = String(root['tts_model_type'] ?? 'base') as ModelType;
  if (!MODEL_TYPES.includes(modelType)) fail(file, `tts_model_type must be one of ${MODEL_TYPES.join(', ')}, got ${modelType}`);
  const languages = idTable(talker['codec_language_id'], file, 'talker_config.codec_language_id');
  return {
    modelType,
    modelSize: String(root['tts_model_size'] ?? ''),
    text: {
      ttsPad: id(root, 'tts_pad_token_id', 'tts_pad_token_id'),
      ttsBos: id(root, 'tts_bos_token_id', 'tts_bos_token_id'),
      ttsEos: id(root, 'tts_eos_token_id', 'tts_eos_token_id'),
    },
    codec: {
      pad: id(talker, 'codec_pad_id', 'talker_config.codec_pad_id'),
      bos: id(talker, 'codec_bos_id', 'talker_config.codec_bos_id'),
      eos: id(talker, 'codec_eos_token_id', 'talker_config.codec_eos_token_id'),
      think: id(talker, 'codec_think_id', 'talker_config.codec_think_id'),
      nothink: id(talker, 'codec_nothink_id', 'talker_config.codec_nothink_id'),
      thinkBos: id(talker, 'codec_think_bos_id', 'talker_config.codec_think_bos_id'),
      thinkEos: id(talker, 'codec_think_eos_id', 'talker_config.codec_think_eos_id'),
    },
    languages,
    speakers: talker['spk_id'] === undefined ? {} : idTable(talker['spk_id'], file, 'talker_config.spk_id'),
    speakerDialects: dialectTable(talker['spk_is_dialect'], languages, file),
    declaredSizes: declaredSizes(talker),
  };
}

function declaredSizes(talker: Record<string, unknown>): DeclaredSizes {
  const predictor = (talker['code_predictor_config'] ?? {}) as Record<string, unknown>;
  const size = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined);
  return {
    hidden: size(talker['hidden_size']),
    codecVocab: size(talker['vocab_size']),
    codebook: size(predictor['vocab_size']),
    codeGroups: size(talker['num_code_groups']),
    layers: size(talker['num_hidden_layers']),
    cpLayers: size(predictor['num_hidden_layers']),
  };
}

function idTable(value: unknown, file: string, path: string): Record<string, number> {
  const table: Record<string, number> = {};
  for (const [name, id] of Object.entries(objectAt(value, file, path))) table[name.toLowerCase()] = integerAt(id, file, `${path}.${name}`);
  return table;
}

function dialectTable(value: unknown, languages: Record<string, number>, file: string): Record<string, string | false> {
  const table: Record<string, string | false> = {};
  if (value === undefined) return table;
  for (const [speaker, dialect] of Object.entries(objectAt(value, file, 'talker_config.spk_is_dialect'))) {
    if (dialect === false || dialect === null) {
      table[speaker.toLowerCase()] = false;
      continue;
    }
    const key = String(dialect).toLowerCase();
    if (languages[key] === undefined) fail(file, `spk_is_dialect.${speaker} names ${key}, which codec_language_id lacks`);
    table[speaker.toLowerCase()] = key;
  }
  return table;
}

function objectAt(value: unknown, file: string, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(file, `${path} must be an object`);
  return value as Record<string, unknown>;
}

function integerAt(value: unknown, file: string, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    fail(file, `${path} must be a non-negative integer id, got ${JSON.stringify(value)}`);
  return value as number;
}

function fail(file: string, what: string): never {
  throw new ParleyError('MODEL_LOAD_FAILED', `${file}: ${what}`);
}
