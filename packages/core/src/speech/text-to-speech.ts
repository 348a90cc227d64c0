import type { Observable } from 'rxjs';
import type { SpeechEvent } from './events.js';

/** Options every {@link TextToSpeech} understands; engines extend them. */
export interface SynthesisOptions {
  /** A voice name the engine knows (for Qwen3-TTS CustomVoice, a speaker such as `"ryan"`). */
  voice?: string;
  /** A language name or `"auto"`. */
  language?: string;
  /** Seeds sampling: the same seed, text and options give the same audio. */
  seed?: number;
}

/**
 * Speech synthesis in parley: text in (a whole string, or an LLM's tokens as they arrive),
 * audio events out while the text is still arriving.
 *
 * Unsubscribing cancels all work: the engine stops at its next step and emits nothing more.
 *
 * @example
 * ```ts
 * const subscription = tts.synthesize(llmTokens$, { voice: 'ryan' }).subscribe((event) => {
 *   if (event.type === 'audio') speaker.play(event.frame);
 * });
 * // the user talks over the agent:
 * subscription.unsubscribe();
 * // the process shuts down:
 * await tts.close();
 * ```
 */
export interface TextToSpeech<Options extends SynthesisOptions = SynthesisOptions> {
  /** Output sample rate in Hz; every audio frame has it. */
  readonly sampleRate: number;
  /** Output channel count; every audio frame has it. */
  readonly channels: number;
  /**
   * The voice names this engine knows, for `options.voice`; empty when it has none to choose
   * from (an engine with one voice, or a model without named speakers).
   */
  readonly voices: readonly string[];
  /**
   * Speaks `input`. Cold: nothing runs until subscribed, and each subscription is its own
   * synthesis. Invalid options fail the stream with a ParleyError INVALID_INPUT — with an
   * empty input too, which otherwise completes without running a model: servers check a
   * client's options that way before any text comes.
   */
  synthesize(input: string | Observable<string>, options?: Options): Observable<SpeechEvent>;
  /**
   * Frees everything the engine holds (models, workers, timers). Syntheses still running end with
   * a ParleyError CANCELLED, and so does every later `synthesize`. Idempotent: a second call
   * resolves when the first has finished.
   */
  close(): Promise<void>;
}
