import type { Qwen3SynthesisOptions } from './options.js';

/**
 * The fields of a speech request that Qwen3-TTS honours, in the names of vLLM-Omni's Qwen3-TTS
 * API (its `session.config` and REST body), as a server has read and typed them.
 */
export interface SpeechRequestFields {
  voice?: string;
  language?: string;
  seed?: number;
  /** Codec tokens per sentence at most. */
  max_new_tokens?: number;
  /** Codec frames in the first audio chunk. */
  initial_codec_chunk_frames?: number;
  /** The official text mode: true is the whole sentence in the prefill, false a token a frame. */
  non_streaming_mode?: boolean;
}

/**
 * The Qwen3 synthesis options a speech request asks for: what @parley/transport-ws's server
 * takes as `synthesisOptions` to pass Qwen3-TTS's own fields on to this engine (without it the
 * server passes only voice, language and seed). The options are checked by the engine, at
 * `session.config` for a WebSocket session.
 *
 * @example
 * ```ts
 * createSpeechServer({ tts: await Qwen3Speech.load({ model }), auth, synthesisOptions: speechRequestOptions });
 * ```
 */
export function speechRequestOptions(fields: SpeechRequestFields): Qwen3SynthesisOptions {
  const options: Qwen3SynthesisOptions = {};
  if (fields.voice !== undefined) options.voice = fields.voice;
  if (fields.language !== undefined) options.language = fields.language;
  if (fields.seed !== undefined) options.seed = fields.seed;
  if (fields.initial_codec_chunk_frames !== undefined) options.initialCodecChunkFrames = fields.initial_codec_chunk_frames;
  // N tokens give at most N − 1 frames in the official loop: the last token would be the end.
  if (fields.max_new_tokens !== undefined) options.maxFrames = fields.max_new_tokens - 1;
  // Non-streaming text needs each sentence whole (sentence mode); streaming text is parley's default.
  if (fields.non_streaming_mode === true) Object.assign(options, { textMode: 'sentence', streamingText: false });
  if (fields.non_streaming_mode === false) options.streamingText = true;
  return options;
}
