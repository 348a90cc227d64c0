import {
  asyncScheduler,
  Observable,
  type MonoTypeOperatorFunction,
  type SchedulerLike,
  type Subscriber,
  type Subscription,
  type TeardownLogic,
} from 'rxjs';
import type { SpeechEvent } from './events.js';

/** Options of {@link withStartupLead}. */
export interface StartupLeadOptions {
  /**
   * How long the text is expected to take to say, per character, to guess how much audio is
   * coming. Default 80 ms: a little slower than speech (~65 ms a character in English), so that
   * the guess errs towards a longer lead.
   */
  msPerCharacter?: number;
  /** The longest the first audio is held, from its arrival (wall time). Default 2000 ms. */
  maxHoldMs?: number;
  /** The clock and timer; `asyncScheduler` by default (a `TestScheduler` in tests). */
  scheduler?: SchedulerLike;
}

const DEFAULT_MS_PER_CHARACTER = 80;
const DEFAULT_MAX_HOLD_MS = 2000;

/**
 * Holds an utterance's first audio until enough of it is made that a listener who plays it in
 * real time from that moment never catches up with the generation: playback without gaps once it
 * starts, when the engine is slower than real time. With a generation speed of `g` seconds of
 * audio per second (below 1) and `T` ms of audio coming in chunks of `c` ms, playing from a
 * buffer `B` never runs dry when the rest, `T − B`, is made before the listener needs its last
 * chunk: `B ≥ T · (1 − g) + c`. `g` is measured on the stream
 * itself (from its start to the first audio, then between audio events) and `T` guessed from the
 * text known so far; at `g ≥ 1` (a fast machine) nothing is held.
 *
 * From the first audio on, events are held and released in order, at once, when the lead is reached, after `maxHoldMs`, or
 * when the stream ends; after that everything passes straight through. Unsubscribing drops what
 * is held and unsubscribes the source, as any operator does.
 *
 * @example
 * ```ts
 * tts.synthesize(tokens$).pipe(withStartupLead()).subscribe(play);
 * ```
 */
export function withStartupLead(options: StartupLeadOptions = {}): MonoTypeOperatorFunction<SpeechEvent> {
  const settings: LeadSettings = {
    scheduler: options.scheduler ?? asyncScheduler,
    msPerCharacter: options.msPerCharacter ?? DEFAULT_MS_PER_CHARACTER,
    maxHoldMs: options.maxHoldMs ?? DEFAULT_MAX_HOLD_MS,
  };
  return (source) => new Observable<SpeechEvent>((subscriber) => holdUntilLead(source, subscriber, settings));
}

type LeadSettings = Required<StartupLeadOptions>;

/** One subscription of {@link withStartupLead}: holds from the first audio until the lead, then passes through. */
function holdUntilLead(source: Observable<SpeechEvent>, subscriber: Subscriber<SpeechEvent>, settings: LeadSettings): TeardownLogic {
  const { scheduler, maxHoldMs } = settings;
  const lead = new LeadGauge(scheduler.now(), settings.msPerCharacter);
  let held: SpeechEvent[] | undefined = [];
  let timer: Subscription | undefined;
  const release = () => {
    timer?.unsubscribe();
    const events = held ?? [];
    held = undefined;
    for (const event of events) subscriber.next(event);
  };
  const subscription = source.subscribe({
    next: (event) => {
      if (!held) return subscriber.next(event);
      const isAudio = lead.observe(event, scheduler.now());
      // What comes before the first audio (a segment's start and text) needs no holding.
      if (!isAudio && held.length === 0) return subscriber.next(event);
      held.push(event);
      if (event.type === 'done') return release();
      if (!isAudio) return;
      if (lead.reached()) return release();
      timer ??= scheduler.schedule(release, maxHoldMs);
    },
    error: (error: unknown) => {
      release();
      subscriber.error(error);
    },
    complete: () => {
      release();
      subscriber.complete();
    },
  });
  return () => {
    timer?.unsubscribe();
    subscription.unsubscribe();
  };
}

/** What {@link withStartupLead} measures: the audio made, how fast, and how much is coming. */
class LeadGauge {
  private readonly textLengths = new Map<number, number>();
  private madeMs = 0;
  private lastChunkMs = 0;
  private first: { atMs: number; audioMs: number } | undefined;
  private speed = 0;

  constructor(
    private readonly startMs: number,
    private readonly msPerCharacter: number,
  ) {}

  /** Takes in an event; true when it was audio (the only kind that can reach the lead). */
  observe(event: SpeechEvent, nowMs: number): boolean {
    if (event.type === 'segment-start' || event.type === 'segment-text') this.textLengths.set(event.index, [...event.text].length);
    if (event.type !== 'audio') return false;
    this.madeMs += event.frame.durationMs;
    this.lastChunkMs = event.frame.durationMs;
    if (this.first === undefined) {
      // Up to the first audio the prompt's prefill counts too: a pessimistic first reading.
      this.first = { atMs: nowMs, audioMs: this.madeMs };
      this.speed = this.madeMs / Math.max(nowMs - this.startMs, 1);
    } else if (nowMs > this.first.atMs) {
      this.speed = (this.madeMs - this.first.audioMs) / (nowMs - this.first.atMs);
    }
    return true;
  }

  /** Whether the audio made so far is a lead that a real-time listener never catches up with. */
  reached(): boolean {
    if (this.speed >= 1) return true;
    const characters = [...this.textLengths.values()].reduce((sum, length) => sum + length, 0);
    const comingMs = Math.max(this.madeMs, characters * this.msPerCharacter);
    // The last chunk arrives only once it is whole: the listener must not need it before then.
    return this.madeMs >= comingMs * (1 - this.speed) + this.lastChunkMs;
  }
}
