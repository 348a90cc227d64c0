import { EMPTY } from 'rxjs';
import type { SynthesisOptions, TextToSpeech } from '@parley/core';
import type { SpeechFields } from './fields.js';

/**
 * The fields of a request that say how to speak, read and typed: a `session.config`'s or a REST
 * body's, in vLLM-Omni's names. Some are the engine's own (`max_new_tokens`,
 * `initial_codec_chunk_frames` are Qwen3-TTS's); a {@link SynthesisOptionsMapper} says which
 * reach the engine, and as what.
 */
export type SynthesisFields = SpeechFields & { initial_codec_chunk_frames?: number };

/**
 * Turns a request's {@link SynthesisFields} into what the engine's `synthesize()` takes. A
 * mapper may throw a ParleyError (INVALID_INPUT) for a field its engine cannot honour; the
 * request is then refused as a bad config or body.
 */
export type SynthesisOptionsMapper = (fields: SynthesisFields) => SynthesisOptions;

/**
 * The default {@link SynthesisOptionsMapper}: the options every engine knows (`voice`,
 * `language`, `seed`). An engine's own fields reach it only through its own mapper (for
 * Qwen3-TTS, `speechRequestOptions` from @parley/tts-qwen3).
 */
export function neutralSynthesisOptions(fields: SynthesisFields): SynthesisOptions {
  const options: SynthesisOptions = {};
  if (fields.voice !== undefined) options.voice = fields.voice;
  if (fields.language !== undefined) options.language = fields.language;
  if (fields.seed !== undefined) options.seed = fields.seed;
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
