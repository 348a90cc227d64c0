import type { PcmFrame, TextToSpeech } from '@parley/core';
import { defer, filter, map, merge, share, Subject, switchMap, tap, type Observable } from 'rxjs';
import type { SileroVad } from '../listen/silero/silero-vad.js';
import { turns, type TurnEvent } from '../listen/turns.js';
import type { SegmentationOptions } from '../listen/vad-options.js';
import { vad } from '../listen/vad.js';
import type { LanguageModel } from '../llm/language-model.js';
import type { SpeechToText } from '../stt/speech-to-text.js';
import type { AgentEvent } from './agent-events.js';
import { Conversation } from './conversation.js';
import { MicClock } from './mic-clock.js';
import { reply, type ReplyControl } from './reply-run.js';
import type { AgentAudioOut } from './audio-out.js';

/** Options of {@link VoiceAgent}. */
export interface VoiceAgentOptions {
  stt: SpeechToText;
  llm: LanguageModel;
  tts: TextToSpeech;
  out: AgentAudioOut;
  /** A shared VAD worker; without it each `run` starts its own. */
  detector?: SileroVad;
  /** VAD segmentation; `minSilenceMs` (default 500) is the silence that ends a turn. */
  vad?: SegmentationOptions;
  /** Extra wait after the VAD's silence before a turn ends; default 0. */
  endOfTurnDelayMs?: number;
  /**
   * Speech over the agent this long stops it. Default 400 ms: longer than a cough or an
   * "mm-hm" once the VAD's own 250 ms minimum has passed, short enough to feel responsive.
   */
  minInterruptionMs?: number;
  /** The TTS voice at first; `voice` can change it between replies. */
  voice?: string;
  /** The STT language (ISO-639-1), else detected. */
  language?: string;
  /** The wall clock (ms); default `performance.now`. */
  now?: () => number;
}

/**
 * The listen-and-speak loop as one RxJS pipeline:
 *
 * ```
 * mic$ ─► vad() ─► turns() ─┬─ end-of-turn ─► switchMap(reply: STT ─► LLM tokens ─► TTS ─► out.play)
 *                           └─ ≥ minInterruptionMs of speech while replying ─► interrupt the reply
 * ```
 *
 * A new turn cancels the reply before it (switchMap unsubscribes: requests aborted, engine
 * stopped, queued audio dropped). A barge-in, or {@link interrupt}, stops the reply the same way
 * and stores the agent's message cut to what was played, marked interrupted.
 *
 * @example
 * ```ts
 * const agent = new VoiceAgent({ stt, llm, tts, out: new OutputPlayer(output) });
 * agent.run(mic$).subscribe((event) => console.log(event));
 * ```
 */
export class VoiceAgent {
  /** The conversation: the LLM's history and the stored transcript. */
  readonly conversation = new Conversation();
  /** The TTS voice for the next reply. */
  voice: string | undefined;
  readonly #manual = new Subject<void>();
  readonly #minInterruptionMs: number;
  readonly #now: () => number;
  #active: ReplyControl | undefined;
  #turns = 0;

  constructor(private readonly options: VoiceAgentOptions) {
    this.voice = options.voice;
    this.#minInterruptionMs = options.minInterruptionMs ?? 400;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Whether a reply is under way (thinking or speaking). */
  get replying(): boolean {
    return this.#active !== undefined;
  }

  /** Stops the reply under way, as a barge-in would. */
  interrupt(): void {
    this.#manual.next();
  }

  /** Listens to `mic$` and answers each turn; cold, one conversation per subscription. */
  run(mic$: Observable<PcmFrame>): Observable<AgentEvent> {
    return defer(() => {
      const clock = new MicClock(this.#now);
      const turns$ = mic$.pipe(
        tap((frame) => clock.heard(frame)),
        vad({ ...this.options.vad, ...(this.options.detector ? { detector: this.options.detector } : {}) }),
        turns({ endOfTurnDelayMs: this.options.endOfTurnDelayMs ?? 0 }),
        share(),
      );
      const interrupts$ = merge(
        turns$.pipe(
          filter((event) => this.#isBargeIn(event)),
          map(() => 'barge-in' as const),
        ),
        this.#manual.pipe(map(() => 'manual' as const)),
      ).pipe(tap((reason) => this.#active?.interrupt(reason)));
      const replies$ = turns$.pipe(
        filter((event): event is Extract<TurnEvent, { type: 'end-of-turn' }> => event.type === 'end-of-turn'),
        filter((event) => !this.#isBackchannel(event)),
        switchMap((event) => this.#reply(event, clock)),
      );
      return merge(replies$, interrupts$.pipe(filter(() => false))) as Observable<AgentEvent>;
    });
  }

  /** The user has spoken over a reply for long enough. */
  #isBargeIn(event: TurnEvent): boolean {
    if (!this.#active) return false;
    return (event.type === 'user-started' || event.type === 'user-speaking') && event.speechMs >= this.#minInterruptionMs;
  }

  /** A turn too short to interrupt with (an "mm-hm") must not cancel the reply by switchMap. */
  #isBackchannel(event: Extract<TurnEvent, { type: 'end-of-turn' }>): boolean {
    return this.#active !== undefined && event.endedAtMs - event.startedAtMs < this.#minInterruptionMs;
  }

  #reply(event: Extract<TurnEvent, { type: 'end-of-turn' }>, clock: MicClock): Observable<AgentEvent> {
    const padMs = this.options.vad?.speechPadMs ?? 30;
    const input = { turn: ++this.#turns, audio: event.audio, speechEndedAt: clock.wallAt(event.endedAtMs - padMs) };
    const { stt, llm, tts, out, language } = this.options;
    const parts = { stt, llm, tts, out, language, conversation: this.conversation, voice: () => this.voice, now: this.#now };
    let control: ReplyControl | undefined;
    return reply(input, parts, (started) => (this.#active = control = started)).pipe(
      // finalize runs on completion and on a switchMap unsubscribe alike.
      tap({ finalize: () => this.#active === control && (this.#active = undefined) }),
    );
  }
}
