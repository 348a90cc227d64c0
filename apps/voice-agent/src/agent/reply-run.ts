import { toParleyError, type HeardPosition, type PcmFrame, type Playback, type PlaybackResult } from '@parley/core';
import type { SpeechEvent, TextToSpeech } from '@parley/core';
import { Observable, tap, type Subscriber } from 'rxjs';
import type { LanguageModel } from '../llm/language-model.js';
import type { SpeechToText } from '../stt/speech-to-text.js';
import type { AgentEvent, TurnMetrics } from './agent-events.js';
import type { Conversation } from './conversation.js';
import type { AgentAudioOut } from './audio-out.js';

/** What a reply needs: the three services, the output, and the shared conversation. */
export interface ReplyParts {
  stt: SpeechToText;
  llm: LanguageModel;
  tts: TextToSpeech;
  out: AgentAudioOut;
  conversation: Conversation;
  /** The TTS voice, read when the reply starts. */
  voice: () => string | undefined;
  /** The STT language, if fixed. */
  language?: string;
  now: () => number;
}

/** The user's finished turn, as a reply starts from it. */
export interface TurnInput {
  turn: number;
  audio: PcmFrame;
  /** Wall time the user stopped speaking. */
  speechEndedAt: number;
}

/** A reply's handle on the Observable: to stop it with a transcript entry. */
export interface ReplyControl {
  interrupt(reason: 'barge-in' | 'manual'): void;
}

/**
 * One turn's answer: STT → LLM → TTS → audio out, as an Observable of {@link AgentEvent}s that
 * completes when the answer has played out or was interrupted. Unsubscribing stops every stage
 * (the STT and LLM requests are aborted, the engine unsubscribed, queued audio dropped) and
 * stores what was heard; `control.interrupt()` does the same and reports it.
 */
export function reply(input: TurnInput, parts: ReplyParts, onStart: (control: ReplyControl) => void): Observable<AgentEvent> {
  return new Observable<AgentEvent>((subscriber) => {
    const run = new ReplyRun(input, parts, subscriber);
    onStart(run);
    run.start();
    return () => run.stop(undefined);
  });
}

/** One reply's state. */
class ReplyRun implements ReplyControl {
  readonly #abort = new AbortController();
  readonly #metrics: TurnMetrics;
  readonly #startedAt: number;
  #playback: Playback | undefined;
  #written = '';
  #llmAt = 0;
  #firstTokenAt: number | undefined;
  #metricsSent = false;
  #over = false;

  constructor(
    private readonly input: TurnInput,
    private readonly parts: ReplyParts,
    private readonly out: Subscriber<AgentEvent>,
  ) {
    this.#startedAt = parts.now();
    this.#metrics = {
      turn: input.turn,
      endOfTurnMs: this.#startedAt - input.speechEndedAt,
      sttMs: undefined,
      llmFirstTokenMs: undefined,
      ttsFirstAudioMs: undefined,
      voiceToVoiceMs: undefined,
    };
  }

  start(): void {
    const options = this.parts.language ? { language: this.parts.language } : {};
    this.parts.stt.transcribe([this.input.audio], options, this.#abort.signal).then(
      (transcript) => this.#think(transcript.text),
      (error: unknown) => this.#fail(error),
    );
  }

  interrupt(reason: 'barge-in' | 'manual'): void {
    if (this.#over) return;
    const heard = this.stop(reason);
    this.out.next({ type: 'interrupted', turn: this.input.turn, reason, heard });
    this.#emitAgent(heard?.text ?? '', true, heard);
    this.#sendMetrics();
    this.out.complete();
  }

  /** Stops every stage and stores what was heard; returns it. Idempotent. */
  stop(_reason: 'barge-in' | 'manual' | undefined): HeardPosition | undefined {
    if (this.#over) return undefined;
    this.#over = true;
    this.#abort.abort();
    const heard = this.#playback?.cancel();
    // Nothing played, nothing said: the history keeps no empty answer.
    if (heard && heard.text !== '') this.parts.conversation.agent(heard.text, true);
    return heard;
  }

  #think(text: string): void {
    if (this.#over) return;
    this.#metrics.sttMs = this.parts.now() - this.#startedAt;
    this.parts.conversation.user(text);
    this.out.next({ type: 'user', turn: this.input.turn, text });
    this.#llmAt = this.parts.now();
    const tokens$ = this.parts.llm.reply(this.parts.conversation.history()).pipe(tap((token) => this.#token(token)));
    const voice = this.parts.voice();
    const speech$ = this.parts.tts.synthesize(tokens$, voice ? { voice } : {}).pipe(tap((event) => this.#speech(event)));
    this.#playback = this.parts.out.play(speech$);
    void this.#playback.done.then((end) => this.#ended(end));
  }

  #token(token: string): void {
    this.#firstTokenAt ??= this.parts.now();
    this.#metrics.llmFirstTokenMs ??= this.#firstTokenAt - this.#llmAt;
    this.#written += token;
    this.out.next({ type: 'agent-partial', turn: this.input.turn, text: this.#written });
  }

  #speech(event: SpeechEvent): void {
    if (event.type !== 'audio' || this.#metrics.voiceToVoiceMs !== undefined) return;
    const now = this.parts.now();
    this.#metrics.ttsFirstAudioMs = now - (this.#firstTokenAt ?? now);
    this.#metrics.voiceToVoiceMs = now - this.input.speechEndedAt;
    this.#sendMetrics();
  }

  #ended(end: PlaybackResult): void {
    if (this.#over) return;
    this.#over = true;
    if (end.error) this.out.next({ type: 'error', turn: this.input.turn, code: end.error.code, message: end.error.message });
    const text = end.interrupted ? end.position.text : this.#written.trim();
    this.parts.conversation.agent(text, end.interrupted);
    this.#emitAgent(text, end.interrupted, end.interrupted ? end.position : undefined);
    this.#sendMetrics();
    this.out.complete();
  }

  #fail(error: unknown): void {
    if (this.#over) return;
    this.#over = true;
    const failure = toParleyError(error);
    this.out.next({ type: 'error', turn: this.input.turn, code: failure.code, message: failure.message });
    this.#sendMetrics();
    this.out.complete();
  }

  #emitAgent(text: string, interrupted: boolean, heard: HeardPosition | undefined): void {
    this.out.next({ type: 'agent', turn: this.input.turn, text, interrupted, ...(heard ? { heard } : {}) });
  }

  #sendMetrics(): void {
    if (this.#metricsSent) return;
    this.#metricsSent = true;
    this.out.next({ type: 'metrics', metrics: { ...this.#metrics } });
  }
}
