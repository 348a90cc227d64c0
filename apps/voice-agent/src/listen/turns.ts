import { PcmFrame } from '@parley/core';
import {
  asyncScheduler,
  distinctUntilChanged,
  interval,
  map,
  Observable,
  startWith,
  type OperatorFunction,
  type SchedulerLike,
  type Subscriber,
  type Subscription,
} from 'rxjs';
import type { SpeechEndEvent, SpeechStartEvent, VadEvent } from './vad-events.js';

/** Options of {@link turns}. */
export interface TurnOptions {
  /**
   * Extra wait after a `speech-end` (which already follows the VAD's `minSilenceMs` of silence)
   * before the turn is over; speech within it continues the same turn. Default 0: the VAD's
   * silence alone ends the turn. Raise it for hesitant speakers, or to leave room for a
   * semantic end-of-turn model later.
   */
  endOfTurnDelayMs?: number;
  /** How often `user-speaking` reports while the user speaks. Default 100 ms. */
  progressIntervalMs?: number;
  /** The clock for both timers; default `asyncScheduler` (virtual under `TestScheduler.run`). */
  scheduler?: SchedulerLike;
}

/**
 * What {@link turns} emits. Audio times (`atMs`) come from the VAD; `speechMs` counts how long the
 * user has been speaking in this stretch of speech, in audio time at the start and then on the
 * scheduler's clock, so a barge-in rule ("interrupt after `minInterruptionMs` of speech") can
 * compare it against a threshold while the user is still talking.
 */
export type TurnEvent =
  /** The user began to speak: a new turn, or (`resumed`) more of one still open. */
  | { type: 'user-started'; atMs: number; speechMs: number; resumed: boolean }
  /** Every `progressIntervalMs` while the user speaks. */
  | { type: 'user-speaking'; startedAtMs: number; speechMs: number }
  /** The user fell silent; the turn ends unless they speak again within `endOfTurnDelayMs`. */
  | { type: 'user-stopped'; atMs: number }
  /** The turn is over: its audio (16 kHz mono; pauses inside it kept as silence) goes to STT. */
  | { type: 'end-of-turn'; startedAtMs: number; endedAtMs: number; audio: PcmFrame };

/**
 * Turn-taking from VAD events: who holds the floor, for how long, and when the user's turn ends.
 * Pure logic over the events and a scheduler (no audio, no model), so it is tested in virtual
 * time. Unsubscribing cancels both timers.
 *
 * @example
 * ```ts
 * mic$.pipe(vad({ detector }), turns({ endOfTurnDelayMs: 200 })).subscribe((event) => {
 *   if (event.type === 'end-of-turn') void answer(event.audio);
 * });
 * ```
 */
export function turns(options: TurnOptions = {}): OperatorFunction<VadEvent, TurnEvent> {
  return (source) =>
    new Observable<TurnEvent>((subscriber) => {
      const turn = new Turn(subscriber, options);
      const subscription = source.subscribe({
        next: (event) => (event.type === 'speech-start' ? turn.started(event) : turn.stopped(event)),
        error: (error: unknown) => subscriber.error(error),
        complete: () => turn.complete(),
      });
      return () => {
        subscription.unsubscribe();
        turn.cancelTimers();
      };
    });
}

/** Whether the user is speaking: false at first, then true from `speech-start` to `speech-end`. */
export function userSpeaking(): OperatorFunction<VadEvent, boolean> {
  return (source) =>
    source.pipe(
      map((event) => event.type === 'speech-start'),
      startWith(false),
      distinctUntilChanged(),
    );
}

/** One subscription's turn state. */
class Turn {
  private readonly scheduler: SchedulerLike;
  private readonly delayMs: number;
  private readonly intervalMs: number;
  /** Segments of the open turn, and where each ended. */
  private segments: SpeechEndEvent[] = [];
  private turnStartMs: number | undefined;
  private progress: Subscription | undefined;
  private ending: Subscription | undefined;

  constructor(
    private readonly subscriber: Subscriber<TurnEvent>,
    options: TurnOptions,
  ) {
    this.scheduler = options.scheduler ?? asyncScheduler;
    this.delayMs = options.endOfTurnDelayMs ?? 0;
    this.intervalMs = options.progressIntervalMs ?? 100;
  }

  started(event: SpeechStartEvent): void {
    this.ending?.unsubscribe();
    const resumed = this.turnStartMs !== undefined;
    this.turnStartMs ??= event.atMs;
    const spokenMs = event.detectedAtMs - event.atMs;
    this.subscriber.next({ type: 'user-started', atMs: event.atMs, speechMs: spokenMs, resumed });
    const since = this.scheduler.now();
    const report = () => {
      const speechMs = spokenMs + this.scheduler.now() - since;
      this.subscriber.next({ type: 'user-speaking', startedAtMs: event.atMs, speechMs });
    };
    this.progress?.unsubscribe();
    this.progress = interval(this.intervalMs, this.scheduler).subscribe(report);
  }

  stopped(event: SpeechEndEvent): void {
    this.progress?.unsubscribe();
    this.turnStartMs ??= event.atMs - event.durationMs; // an end whose start was not seen
    this.segments.push(event);
    this.subscriber.next({ type: 'user-stopped', atMs: event.atMs });
    if (this.delayMs === 0) return this.endTurn();
    this.ending = this.scheduler.schedule(() => this.endTurn(), this.delayMs);
  }

  /** The input ended: a turn still waiting out its delay ends now. */
  complete(): void {
    this.cancelTimers();
    if (this.segments.length > 0) this.endTurn();
    this.subscriber.complete();
  }

  cancelTimers(): void {
    this.progress?.unsubscribe();
    this.ending?.unsubscribe();
  }

  private endTurn(): void {
    const segments = this.segments;
    const last = segments.at(-1);
    if (!last || this.turnStartMs === undefined) return;
    const startedAtMs = this.turnStartMs;
    this.segments = [];
    this.turnStartMs = undefined;
    this.subscriber.next({ type: 'end-of-turn', startedAtMs, endedAtMs: last.atMs, audio: joinSegments(segments) });
  }
}

/** The segments' audio with the pauses between them as silence (they share a rate). */
function joinSegments(segments: readonly SpeechEndEvent[]): PcmFrame {
  const rate = segments[0]!.audio.sampleRate;
  const startMs = segments[0]!.atMs - segments[0]!.durationMs;
  const out = new Int16Array(Math.round(((segments.at(-1)!.atMs - startMs) * rate) / 1000));
  for (const { atMs, durationMs, audio } of segments) {
    const offset = Math.round(((atMs - durationMs - startMs) * rate) / 1000);
    out.set(audio.data.subarray(0, Math.max(0, out.length - offset)), offset);
  }
  return new PcmFrame(out, rate);
}
