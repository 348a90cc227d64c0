import { ParleyError } from '@parley/core';

/*
 * Field readers shared by the WebSocket `session.config` and the REST request body. Each reads
 * one field of a parsed JSON object, returns it typed, and throws ParleyError INVALID_INPUT
 * naming the field when it has the wrong type. Unknown fields are ignored, as vLLM-Omni's
 * pydantic models do, so clients written for it can send their extras.
 */

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** The audio encodings this server writes. */
export type ResponseFormat = 'pcm' | 'wav';

/** `value` as an object, or INVALID_INPUT. */
export function asObject(value: unknown, what: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${what} must be a JSON object`);
  }
  return value as JsonObject;
}

/** A string field, or undefined when absent or null. */
export function optionalString(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`${key} must be a string`);
  return value;
}

/** A boolean field, or `fallback` when absent or null. */
export function booleanField(object: JsonObject, key: string, fallback: boolean): boolean {
  const value = object[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw invalid(`${key} must be a boolean`);
  return value;
}

/** An integer field no smaller than `min`, or undefined when absent or null. */
export function optionalInteger(object: JsonObject, key: string, min: number): number | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw invalid(`${key} must be an integer ≥ ${min}`);
  }
  return value;
}

/** `response_format`: "pcm" or "wav"; vLLM-Omni's default is "wav", so ours is too. */
export function responseFormat(object: JsonObject): ResponseFormat {
  const value = object.response_format ?? 'wav';
  if (value !== 'pcm' && value !== 'wav') {
    throw invalid(`response_format must be "pcm" or "wav", got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * `speed`: accepted when absent or 1. Engines speak at their own pace and the server does not
 * time-stretch, so any other value is refused rather than silently ignored.
 */
function checkSpeed(object: JsonObject): void {
  const value = object.speed;
  if (value === undefined || value === null || value === 1) return;
  if (typeof value !== 'number') throw invalid('speed must be a number');
  throw invalid(`speed ${value} is not supported: only 1.0`);
}

/**
 * vLLM-Omni request fields this server does not implement yet. A client that sends one expects
 * what it asks for (a style, a cloned voice, timestamps), so it is refused, not ignored.
 */
const UNSUPPORTED_FIELDS = ['instructions', 'ref_audio', 'ref_text', 'x_vector_only_mode', 'speaker_embedding', 'word_timestamps'] as const;

/** The one vLLM-Omni `task_type` served: the loaded model's named voices. */
const SUPPORTED_TASK = 'CustomVoice';

/**
 * Refuses the fields of {@link UNSUPPORTED_FIELDS} when set (not absent, null, false or empty),
 * and a `task_type` other than "CustomVoice".
 */
function refuseUnsupported(object: JsonObject): void {
  for (const key of UNSUPPORTED_FIELDS) {
    const value = object[key];
    if (value !== undefined && value !== null && value !== false && value !== '') {
      throw invalid(`${key} is not supported by this server yet`);
    }
  }
  const task = optionalString(object, 'task_type');
  if (task !== undefined && task !== SUPPORTED_TASK) {
    throw invalid(`task_type ${JSON.stringify(task)} is not supported yet: only "${SUPPORTED_TASK}" (the model's named voices)`);
  }
}

/** The speech fields the WebSocket `session.config` and the REST body share. */
export interface SpeechFields {
  /** Accepted and ignored: one server serves one model. */
  model?: string;
  voice?: string;
  language?: string;
  seed?: number;
  /** Codec tokens per sentence at most (Qwen3-TTS: N tokens give at most N − 1 audio frames). */
  max_new_tokens?: number;
  /**
   * Qwen3-TTS's text mode: true puts each whole sentence in the prefill (it waits for the
   * sentence), false feeds the text a token a frame (parley then speaks it as it arrives).
   */
  non_streaming_mode?: boolean;
}

/**
 * Reads the {@link SpeechFields} of a request, checking `speed` (1 only), the fields not
 * supported yet ({@link refuseUnsupported}) and each type.
 * @throws ParleyError INVALID_INPUT naming the first bad field.
 */
export function readSpeechFields(object: JsonObject): SpeechFields {
  checkSpeed(object);
  refuseUnsupported(object);
  const fields: SpeechFields = {};
  const model = optionalString(object, 'model');
  const voice = optionalString(object, 'voice');
  const language = optionalString(object, 'language');
  const seed = optionalInteger(object, 'seed', 0);
  const maxNewTokens = optionalInteger(object, 'max_new_tokens', 2);
  if (model !== undefined) fields.model = model;
  if (voice !== undefined) fields.voice = voice;
  if (language !== undefined) fields.language = language;
  if (seed !== undefined) fields.seed = seed;
  if (maxNewTokens !== undefined) fields.max_new_tokens = maxNewTokens;
  if (object.non_streaming_mode !== undefined && object.non_streaming_mode !== null)
    fields.non_streaming_mode = booleanField(object, 'non_streaming_mode', false);
  return fields;
}

/** INVALID_INPUT with `message`. */
export function invalid(message: string): ParleyError {
  return new ParleyError('INVALID_INPUT', message);
}
