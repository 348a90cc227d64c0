import { resample, toParleyError, type ParleyError, type PcmFrame, type SpeechEvent } from '@parley/core';
import { SpeechTimeline, type HeardPosition } from '@parley/transport-livekit';
import { filter, map, tap, type Observable, type Subscription } from 'rxjs';
import type { PcmSink } from './clocked-sink.js';

/** How a playback ended. */
export interface PlaybackEnd {
  /** Cancelled (barge-in) or failed before all its audio played. */
  interrupted: boolean;
  error?: ParleyError;
  /** What the listener heard, final. */
  position: HeardPosition;
}

/**
 * Agent audio out: what the voice loop speaks into. `play` starts one utterance (the loop plays
 * one at a time); `clear` drops whatever is queued. A WebSocket to a browser, a LiveKit track,
 * or a test's clocked sink sit behind it.
 */
export interface AgentAudioOut {
  /** Plays `speech$` (subscribing to it now) and tracks which text was heard. */
  play(speech$: Observable<SpeechEvent>): AgentPlayback;
  /** Drops all queued audio at once. */
  clear(): void;
}

/** One utterance playing: the shape of transport-livekit's `Playback`, so either can serve. */
export interface AgentPlayback {
  /** What has been heard so far. */
  played(): HeardPosition;
  /** Barge-in: unsubscribes the speech (the engine stops), drops queued audio, returns what was heard. */
  cancel(): HeardPosition;
  /** Settles once: played out, cancelled or failed. Never rejects. */
  readonly done: Promise<PlaybackEnd>;
}

/** An {@link AgentAudioOut} over any {@link PcmSink}. */
export class SinkAudioOut implements AgentAudioOut {
  constructor(readonly sink: PcmSink) {}

  play(speech$: Observable<SpeechEvent>): AgentPlayback {
    return new SpeechPlayback(this.sink, speech$);
  }

  clear(): void {
    this.sink.clear();
  }
}

/**
 * A speech stream playing into a {@link PcmSink}: frames go to the sink as the engine makes them
 * (resampled to its rate), a {@link SpeechTimeline} maps played samples back onto the text.
 */
export class SpeechPlayback implements AgentPlayback {
  readonly done: Promise<PlaybackEnd>;
  readonly #timeline = new SpeechTimeline();
  readonly #subscription: Subscription;
  readonly #startPushed: number;
  #final: HeardPosition | undefined;
  #playOut: ReturnType<typeof setTimeout> | undefined;
  #settle!: (end: PlaybackEnd) => void;

  constructor(
    private readonly sink: PcmSink,
    speech$: Observable<SpeechEvent>,
  ) {
    this.#startPushed = sink.pushedSamples;
    this.done = new Promise((resolve) => (this.#settle = resolve));
    this.#subscription = speech$
      .pipe(
        tap((event) => this.#timeline.record(event)),
        filter((event): event is Extract<SpeechEvent, { type: 'audio' }> => event.type === 'audio'),
        map((event): PcmFrame => event.frame),
        resample(sink.sampleRate),
      )
      .subscribe({
        next: (frame) => sink.write(frame),
        error: (error: unknown) => this.#end(true, toParleyError(error)),
        complete: () => this.#waitForPlayOut(),
      });
  }

  played(): HeardPosition {
    if (this.#final) return this.#final;
    const rate = this.#timeline.sampleRate;
    const atSink = Math.max(0, this.sink.playheadSamples - this.#startPushed);
    return this.#timeline.locate(rate === 0 ? 0 : (atSink * rate) / this.sink.sampleRate);
  }

  cancel(): HeardPosition {
    if (!this.#final) {
      const position = this.played();
      // Clear first: what was heard is what had played when the output went quiet.
      this.sink.clear();
      this.#subscription.unsubscribe();
      this.#end(true, undefined, position);
    }
    return this.#final!;
  }

  /** All audio is written: settle when the sink has played it (or at a cancel before). */
  #waitForPlayOut(): void {
    const queued = this.sink.pushedSamples - this.sink.playheadSamples;
    if (queued <= 0 || this.#final) return this.#end(false);
    this.#playOut = setTimeout(() => this.#waitForPlayOut(), Math.max(5, (queued * 1000) / this.sink.sampleRate));
  }

  #end(interrupted: boolean, error?: ParleyError, position = this.played()): void {
    if (this.#final) return;
    clearTimeout(this.#playOut);
    this.#final = interrupted ? position : this.#timeline.locate(this.#timeline.totalSamples);
    this.#settle({ interrupted, position: this.#final, ...(error ? { error } : {}) });
  }
}
