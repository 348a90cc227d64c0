import { frames, resample, toParleyError, type ParleyError, type PcmFrame, type SpeechEvent } from '@parley/core';
import { filter, map, tap, type Observable } from 'rxjs';
import { SpeechTimeline, type HeardPosition, type SpeechTimelineOptions } from '../heard/speech-timeline.js';
import { FramePump, type FramePumpOptions } from './frame-pump.js';
import type { SourceWriter } from './source-writer.js';

/** What a playback can be given: a TTS stream, or bare PCM frames (audio without text). */
export type SpeechInput = Observable<SpeechEvent> | Observable<PcmFrame> | Observable<SpeechEvent | PcmFrame>;

/** Options for one playback. */
export interface PlaybackOptions extends FramePumpOptions, SpeechTimelineOptions {}

/** How a playback ended. */
export interface PlaybackResult {
  /** True when it was cancelled or failed before all its audio played. */
  interrupted: boolean;
  /** Set when it failed: the speech stream errored, the source refused a frame, or OVERLOADED. */
  error?: ParleyError;
  /** What the listener heard, final. */
  position: HeardPosition;
}

/** Where a playback is. */
export type PlaybackState = 'playing' | 'finished' | 'cancelled' | 'failed';

/**
 * Frames go to the source in 20 ms: two of the AudioSource's native 10 ms chunks per call,
 * half the calls of 10 ms frames for the same pacing.
 */
const FRAME_MS = 20;

/**
 * One utterance playing into an AudioSource: its audio is resampled to the source's rate,
 * cut into 20 ms frames and written with the source's back-pressure, while a
 * {@link SpeechTimeline} records which samples belong to which text.
 *
 * {@link cancel} is the barge-in: it unsubscribes the speech stream (the engine stops), stops
 * capturing, clears the source's queue, and says what was heard. Created by `SpeechTrack.speak`.
 */
export class Playback {
  /** Settles once, when the audio has played out, or at the cancel or failure; never rejects. */
  readonly done: Promise<PlaybackResult>;
  readonly #writer: SourceWriter;
  readonly #timeline: SpeechTimeline;
  readonly #abort = new AbortController();
  /** Pushed samples of the writer before this playback's first frame. */
  readonly #startPushed: number;
  readonly #pump: FramePump;
  #state: PlaybackState = 'playing';
  #final: HeardPosition | undefined;
  #settle!: (result: PlaybackResult) => void;

  /** Starts playing `speech$` into `writer`'s source at once. */
  constructor(writer: SourceWriter, speech$: SpeechInput, options: PlaybackOptions = {}) {
    this.#writer = writer;
    this.#timeline = new SpeechTimeline(options);
    this.#startPushed = writer.pushedSamples;
    this.done = new Promise((resolve) => (this.#settle = resolve));
    const frames$ = this.#frames(speech$ as Observable<SpeechEvent | PcmFrame>);
    this.#pump = new FramePump(frames$, (frame) => writer.write(frame, this.#abort.signal), options);
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
   * stream, lets no further frame reach the source, and clears the source's queue. Idempotent:
   * once ended, returns the final position.
   */
  cancel(): HeardPosition {
    if (this.#state === 'playing') this.#end('cancelled');
    return this.#final!;
  }

  /** Records each event, keeps the audio, and brings it to the source's rate in 20 ms frames. */
  #frames(speech$: Observable<SpeechEvent | PcmFrame>): Observable<PcmFrame> {
    const source = this.#writer.source;
    return speech$.pipe(
      tap((event) => this.#timeline.record(event)),
      map((event) => ('type' in event ? (event.type === 'audio' ? event.frame : undefined) : event)),
      filter((frame): frame is PcmFrame => frame !== undefined),
      resample(source.sampleRate),
      // Padded: the source plays only whole 10 ms chunks, and holds a shorter tail back until
      // more audio comes (measured: 7 ms at the end of a stream stayed unplayed).
      frames(FRAME_MS, { padLast: true }),
    );
  }

  /** The writer's played samples since this playback began, at the speech's own rate. */
  #playedSpeechSamples(): number {
    const playedAtSource = Math.max(0, this.#writer.playedSamples - this.#startPushed);
    const speechRate = this.#timeline.sampleRate;
    if (speechRate === 0) return 0;
    return (playedAtSource * speechRate) / this.#writer.source.sampleRate;
  }

  async #playedOut(): Promise<void> {
    await this.#writer.source.waitForPlayout();
    if (this.#state !== 'playing') return;
    this.#final = this.#timeline.locate(this.#timeline.totalSamples);
    this.#state = 'finished';
    this.#settle({ interrupted: false, position: this.#final });
  }

  /** Stops everything: no more input, no more captures, nothing left queued. */
  #end(state: 'cancelled' | 'failed', error?: ParleyError): void {
    if (this.#state !== 'playing') return;
    this.#final = this.played();
    this.#state = state;
    this.#abort.abort();
    this.#pump.stop();
    this.#writer.clear();
    this.#settle({ interrupted: true, position: this.#final, ...(error ? { error } : {}) });
  }
}
