import { EMPTY } from 'rxjs';
import type { SynthesisOptions, TextToSpeech } from '@parley/core';
import type { SpeechFields } from './fields.js';

/**
 * What the server passes to `tts.synthesize()`: the options every engine knows, plus two that
 * Qwen3-TTS honours and other engines ignore.
 */
export interface ServerSynthesisOptions extends SynthesisOptions {
  /** Codec frames in the first audio chunk (from `initial_codec_chunk_frames`). */
  initialCodecChunkFrames?: number;
  /** Codec frames per sentence at most (from `max_new_tokens`). */
  maxFrames?: number;
}

/** The request fields that reach the engine. */
export type EngineFields = SpeechFields & { initial_codec_chunk_frames?: number };

/** Maps request fields (vLLM-Omni's names) to synthesis options (the engine's names). */
export function synthesisOptions(fields: EngineFields): ServerSynthesisOptions {
  const options: ServerSynthesisOptions = {};
  if (fields.voice !== undefined) options.voice = fields.voice;
  if (fields.language !== undefined) options.language = fields.language;
  if (fields.seed !== undefined) options.seed = fields.seed;
  if (fields.initial_codec_chunk_frames !== undefined) options.initialCodecChunkFrames = fields.initial_codec_chunk_frames;
  // N tokens give at most N − 1 frames in the official loop: the last token would be the end.
  if (fields.max_new_tokens !== undefined) options.maxFrames = fields.max_new_tokens - 1;
  return options;
}

/**
 * Asks `tts` whether it accepts `options`, before any text: it is asked to speak nothing. A
 * TextToSpeech checks its options when subscribed and fails the stream with INVALID_INPUT for a
 * bad one (an unknown voice or language, a bad seed or chunk size), and with no input it runs no
 * model; so a session learns at `session.config`, once, what it would otherwise learn from the
 * first sentence, again for every utterance.
 * @throws ParleyError as the engine reports it (INVALID_INPUT for a bad option).
 */
export function checkOptions(tts: TextToSpeech, options: SynthesisOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    tts.synthesize(EMPTY, options).subscribe({ error: reject, complete: resolve });
  });
}
