import { setTimeout as delay } from 'node:timers/promises';
import { filter, map, tap, type Observable } from 'rxjs';
import { frames } from '../audio/frames.js';
import type { PcmFrame } from '../audio/pcm-frame.js';
import { resample } from '../audio/resample.js';
import { toParleyError, type ParleyError } from '../errors.js';
import type { SpeechEvent } from '../speech/events.js';
import type { AudioOutput } from './audio-output.js';
import { FramePump, type FramePumpOptions } from './frame-pump.js';
import { SpeechTimeline, type HeardPosition, type SpeechTimelineOptions } from './speech-timeline.js';

/** What a playback can be given: a TTS stream, or bare PCM frames (audio without text). */
export type SpeechInput = Observable<SpeechEvent> | Observable<PcmFrame> | Observable<SpeechEvent | PcmFrame>;

/** Options for one playback. */
export interface PlaybackOptions extends FramePumpOptions, SpeechTimelineOptions {}

/** How a playback ended. */
export interface PlaybackResult {
  /** True when it was cancelled or failed before all its audio played. */
  interrupted: boolean;
  /** Set when it failed: the speech stream errored, the output refused a frame, or OVERLOADED. */
  error?: ParleyError;
  /** What the listener heard, final. */
  position: HeardPosition;
}

/** Where a playback is. */
export type PlaybackState = 'playing' | 'finished' | 'cancelled' | 'failed';

/**
 * One utterance playing into an {@link AudioOutput}: its audio is resampled to the output's
 * rate (and cut into the output's frames), written with the output's back-pressure, while a
 * {@link SpeechTimeline} records which samples belong to which text, so that {@link played}
 * and {@link cancel} can say what the listener heard.
 *
 * {@link cancel} is the barge-in: it unsubscribes the speech stream (the engine stops), lets no
 * further frame reach the output, clears the output's queue, and says what was heard.
 *
 * @example
 * ```ts
 * const playback = new Playback(output, tts.synthesize(llmTokens$));
 * // the user talks over the agent:
 * const heard = playback.cancel(); // heard.text: what to keep in the chat history
 * ```
 */
export class Playback {
  /** Settles once, when the audio has played out, or at the cancel or failure; never rejects. */
  readonly done: Promise<PlaybackResult>;
  readonly #output: AudioOutput;
  readonly #timeline: SpeechTimeline;
  readonly #abort = new AbortController();
  /** The output's pushed samples before this playback's first frame. */
  readonly #startPushed: number;
  readonly #pump: FramePump;
  #state: PlaybackState = 'playing';
  #final: HeardPosition | undefined;
  #settle!: (result: PlaybackResult) => void;

  /** Starts playing `speech$` into `output` at once (subscribing to it now). */
  constructor(output: AudioOutput, speech$: SpeechInput, options: PlaybackOptions = {}) {
    this.#output = output;
    this.#timeline = new SpeechTimeline(options);
    this.#startPushed = output.pushedSamples;
    this.done = new Promise((resolve) => (this.#settle = resolve));
    const frames$ = this.#frames(speech$ as Observable<SpeechEvent | PcmFrame>);
    this.#pump = new FramePump(frames$, (frame) => output.write(frame, this.#abort.signal), options);
    this.#pump.done.then(
      () => this.#playedOut(),
      (error: unknown) => this.#end('failed', toParleyError(error)),
    );
  }

  /** Where the playback is. */
  get state(): PlaybackState {
    return this.#state;
  }

  /** What has been heard so far (final once the playback has ended). */
  played(): HeardPosition {
    return this.#final ?? this.#timeline.locate(this.#playedSpeechSamples());
  }

  /**
   * Barge-in: stops the playback now and returns what was heard. Unsubscribes the speech
   * stream, lets no further frame reach the output, and clears the output's queue. Idempotent:
   * once ended, returns the final position.
   */
  cancel(): HeardPosition {
    if (this.#state === 'playing') this.#end('cancelled');
    return this.#final!;
  }

  /** Records each event, keeps the audio, and brings it to the output's rate (and frames). */
  #frames(speech$: Observable<SpeechEvent | PcmFrame>): Observable<PcmFrame> {
    const { sampleRate, frameMs } = this.#output;
    const audio$ = speech$.pipe(
      tap((event) => this.#timeline.record(event)),
      map((event) => ('type' in event ? (event.type === 'audio' ? event.frame : undefined) : event)),
      filter((frame): frame is PcmFrame => frame !== undefined),
      resample(sampleRate),
    );
    return frameMs === undefined ? audio$ : audio$.pipe(frames(frameMs, { padLast: true }));
  }

  /** The output's played samples since this playback began, at the speech's own rate. */
  #playedSpeechSamples(): number {
    const playedAtOutput = Math.max(0, this.#output.playheadSamples - this.#startPushed);
    const speechRate = this.#timeline.sampleRate;
    if (speechRate === 0) return 0;
    return (playedAtOutput * speechRate) / this.#output.sampleRate;
  }

  async #playedOut(): Promise<void> {
    await (this.#output.waitForPlayout?.() ?? this.#watchPlayout());
    if (this.#state !== 'playing') return;
    this.#final = this.#timeline.locate(this.#timeline.totalSamples);
    this.#state = 'finished';
    this.#settle({ interrupted: false, position: this.#final });
  }

  /** Resolves once the output's playhead has reached what was written, or at the end. */
  async #watchPlayout(): Promise<void> {
    const output = this.#output;
    for (let queued = output.pushedSamples - output.playheadSamples; queued > 0;) {
      await delay(Math.max(5, (queued * 1000) / output.sampleRate), undefined, { signal: this.#abort.signal }).catch(() => undefined);
      if (this.#abort.signal.aborted) return;
      queued = output.pushedSamples - output.playheadSamples;
    }
  }

  /** Stops everything: no more input, no more writes, nothing left queued. */
  #end(state: 'cancelled' | 'failed', error?: ParleyError): void {
    if (this.#state !== 'playing') return;
    this.#final = this.played();
    this.#state = state;
    // Quiet first: what was heard is what had played when the output went quiet, and stopping
    // the speech stream (the engine, an LLM request behind it) can take a while.
    this.#output.clear();
    this.#abort.abort();
    this.#pump.stop();
    this.#settle({ interrupted: true, position: this.#final, ...(error ? { error } : {}) });
  }
}
