import type { Observable } from 'rxjs';
import type { SpeechEvent } from './events.js';
import type { SynthesisOptions, TextToSpeech } from './text-to-speech.js';

/** How a wrapper speaks: the same signature as {@link TextToSpeech.synthesize}. */
export type Synthesize<Options extends SynthesisOptions> = (
  input: string | Observable<string>,
  options?: Options,
) => Observable<SpeechEvent>;

/**
 * An engine that speaks with `synthesize` and is otherwise `tts`: the same format, the same
 * `voices` (read through, so a lazily loaded engine's voices show once it has loaded) and the
 * same `close()`. What a wrapper that measures, logs or delays speech is built on.
 *
 * @example
 * ```ts
 * const logged = wrapSpeech(tts, (input, options) => {
 *   console.log('speaking with', options);
 *   return tts.synthesize(input, options);
 * });
 * ```
 */
export function wrapSpeech<Options extends SynthesisOptions>(
  tts: TextToSpeech<Options>,
  synthesize: Synthesize<Options>,
): TextToSpeech<Options> {
  return {
    sampleRate: tts.sampleRate,
    channels: tts.channels,
    get voices() {
      return tts.voices;
    },
    synthesize,
    close: () => tts.close(),
  };
}
