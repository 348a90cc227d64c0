import type { RawData, WebSocket } from 'ws';
import { ParleyError, toParleyError, type SpeechEvent, type SynthesisOptions, type TextToSpeech } from '@parley/core';
import { GrantError, mayPublish, type Principal } from '../auth/principal.js';
import type { Limits } from '../limits.js';
import type { Logger } from '../logger.js';
import type { RoomHub } from '../rooms/room-hub.js';
import type { RoomSpeaker } from '../rooms/room-speaker.js';
import { BoundedSocket } from '../ws/bounded-socket.js';
import { closeCodeFor, CloseCode } from '../ws/close-codes.js';
import { errorMessage } from '../ws/messages.js';
import { SerialInbox } from '../ws/serial-inbox.js';
import { invalid, type JsonObject } from './fields.js';
import { parseClientMessage, parseSessionConfig, type ClientMessage, type SessionConfig } from './protocol.js';
import { sessionDone, type SpeechServerMessage } from './server-messages.js';
import { SentenceWriter } from './sentence-writer.js';
import { SessionClock } from './session-clock.js';
import { checkOptions, type SynthesisOptionsMapper } from './synthesis-options.js';
import { Utterance } from './utterance.js';

/** What a {@link SpeechSession} needs from its server. */
export interface SpeechSessionContext {
  tts: TextToSpeech;
  /** What a config's fields mean to the engine. */
  synthesisOptions: SynthesisOptionsMapper;
  principal: Principal;
  rooms: RoomHub;
  limits: Limits;
  logger: Logger;
}

/** A config that passed every check, and what it means for the engine. */
interface AppliedConfig {
  config: SessionConfig;
  options: SynthesisOptions;
  /** The floor of `config.room`, held while this config is. */
  speaker: RoomSpeaker | undefined;
}

/**
 * One connection of `WS /v1/audio/speech/stream`: reads client messages in order, feeds text to
 * the engine one {@link Utterance} at a time, and maps the engine's SpeechEvents to protocol
 * messages. A bad message is answered `{type: "error", code, message}` and the session carries
 * on; `input.cancel` stops the engine by unsubscribing and answers `audio.cancelled`.
 *
 * Every way an utterance can fail or a session can end follows one sequence, vLLM-Omni's, so
 * that its clients never wait for a `session.done` that is not coming: `error`, then
 * `audio.done {error: true}` for a sentence that had started, then `session.done`.
 */
export class SpeechSession {
  private readonly out: BoundedSocket<SpeechServerMessage>;
  private readonly sentence: SentenceWriter;
  private readonly clock: SessionClock;
  private applied: AppliedConfig | undefined;
  /** queue[0] is being spoken; the others wait for it. */
  private readonly queue: Utterance[] = [];
  private nextUtterance = 0;
  private heldChars = 0;
  private ended = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly context: SpeechSessionContext,
  ) {
    this.out = new BoundedSocket(ws, context.limits.sessionMaxBufferedBytes, () => {
      context.logger.warn('speech session: client too slow, disconnected', { queued: ws.bufferedAmount });
      this.stopAll();
    });
    const { sampleRate, channels } = context.tts;
    this.sentence = new SentenceWriter(this.out, { sampleRate, channels });
    this.clock = new SessionClock(context.limits, (error) => this.end(error, CloseCode.IDLE_TIMEOUT));
    new SerialInbox(ws, (data, isBinary) => this.handle(data, isBinary));
  }

  /**
   * Ends the session for good: `error`, `audio.done {error: true}` for the sentence in progress,
   * `session.done` for every utterance begun (or, before any config, for the one the client was
   * about to begin), then a close with `closeCode`. Server shutdown, timeouts and an expired
   * token all end a session this way.
   */
  end(error: ParleyError, closeCode: number): void {
    if (this.ended) return;
    this.ended = true;
    this.out.json(errorMessage(error));
    if (this.sentence.current) this.applied?.speaker?.cancel();
    this.sentence.close(true);
    const begun = this.applied ? this.queue.map((u) => [u.index, u.sentences] as const) : [[this.nextUtterance, 0] as const];
    for (const [utterance, sentences] of begun) this.out.json(sessionDone(utterance, sentences));
    this.stopAll();
    this.applied?.speaker?.release();
    this.ws.close(closeCode, error.code);
  }

  /** The socket closed: stops the engine at once and frees everything, the room's floor too. */
  dispose(): void {
    this.ended = true;
    this.stopAll();
    this.clock.stop();
    this.applied?.speaker?.release();
  }

  /** Handles one client message; never throws, and its promise never rejects. */
  private handle(data: RawData, isBinary: boolean): Promise<void> | void {
    if (this.ended) return;
    try {
      const message = parseClientMessage(data, isBinary);
      if (message.type === 'session.config') return this.configure(message.fields); // activity once applied
      this.dispatch(message);
      this.clock.activity();
    } catch (error) {
      this.out.json(errorMessage(toParleyError(error))); // refused: not activity
    }
  }

  private dispatch(message: Exclude<ClientMessage, { type: 'session.config' }>): void {
    switch (message.type) {
      case 'input.text':
        return this.addText(message.text);
      case 'input.done':
        return this.endInput();
      case 'input.cancel':
        return this.cancel();
      case 'session.close':
        this.stopAll();
        return this.ws.close(CloseCode.NORMAL, 'session.close');
    }
  }

  /** Reads, checks (the engine included) and applies a config; a refused first one ends the session. */
  private configure(fields: JsonObject): Promise<void> | void {
    if (this.queue.length > 0) {
      throw invalid('session.config is refused while text is pending: wait for session.done, or send input.cancel');
    }
    let config: SessionConfig;
    let options: SynthesisOptions;
    try {
      config = parseSessionConfig(fields);
      if (config.room !== undefined && !mayPublish(this.context.principal, config.room)) {
        throw new GrantError(`this token may not publish into room ${config.room}`);
      }
      options = this.context.synthesisOptions(config);
    } catch (error) {
      return this.refuseConfig(toParleyError(error));
    }
    return checkOptions(this.context.tts, options).then(
      () => this.apply(config, options),
      (error: unknown) => this.refuseConfig(toParleyError(error)),
    );
  }

  private apply(config: SessionConfig, options: SynthesisOptions): void {
    if (this.ended) return;
    let speaker: RoomSpeaker | undefined;
    try {
      speaker = this.floorOf(config.room);
    } catch (error) {
      return this.refuseConfig(toParleyError(error));
    }
    this.applied = { config, options, speaker };
    this.clock.configure();
    this.clock.activity(); // a later config counts as activity too
  }

  /**
   * The floor of `room` for this session: the one it holds already, or a fresh claim (the floor
   * of a room it leaves is released).
   * @throws ParleyError OVERLOADED when another speaker holds the room.
   */
  private floorOf(room: string | undefined): RoomSpeaker | undefined {
    const held = this.applied?.speaker;
    if (held?.room === room) return held;
    const claimed = room === undefined ? undefined : this.context.rooms.room(room).claim();
    held?.release();
    return claimed;
  }

  /** A refused config: the session keeps its previous one, or, having none, ends. */
  private refuseConfig(error: ParleyError): void {
    if (this.ended) return;
    if (!this.applied) return this.end(error, closeCodeFor(error));
    this.out.json(errorMessage(error));
  }

  private addText(text: string): void {
    this.requireConfig();
    const max = this.context.limits.maxTextChars;
    if (this.heldChars + text.length > max) {
      throw invalid(`text limit of ${max} characters pending at once exceeded: this text was dropped`);
    }
    const utterance = this.openUtterance();
    if (!utterance.failed) this.heldChars += text.length;
    utterance.addText(text);
    this.startHead();
  }

  private endInput(): void {
    this.requireConfig();
    const utterance = this.openUtterance();
    utterance.endInput();
    if (utterance.failed) this.finish(utterance, utterance.sentences);
    this.startHead();
  }

  /** Barge-in: drops all pending text, stops the sentence in progress, answers `audio.cancelled`. */
  private cancel(): void {
    const utterance = this.queue[0]?.index ?? null;
    const sentence = this.sentence.current?.index ?? null;
    this.stopAll();
    this.out.json({ type: 'audio.cancelled', utterance_index: utterance, sentence_index: sentence });
  }

  private requireConfig(): void {
    if (!this.applied) throw invalid('send session.config first');
  }

  /** The utterance that takes new input: the last one, unless `input.done` closed it. */
  private openUtterance(): Utterance {
    const last = this.queue.at(-1);
    if (last && !last.inputDone) return last;
    const utterance = new Utterance(this.nextUtterance++);
    this.queue.push(utterance);
    return utterance;
  }

  private startHead(): void {
    const head = this.queue[0];
    if (!head || head.failed) return;
    head.start(this.context.tts, this.applied!.options, {
      next: (event) => this.onEvent(head, event),
      error: (error: unknown) => this.onError(head, toParleyError(error)),
    });
  }

  private onEvent(utterance: Utterance, event: SpeechEvent): void {
    this.clock.activity();
    this.applied!.speaker?.publish(event, this.context.tts);
    if (event.type === 'segment-start') {
      utterance.sentences++;
      const { response_format: format, stream_audio: streaming } = this.applied!.config;
      this.sentence.start({ utterance: utterance.index, index: event.index }, event.text, format, streaming);
    } else if (event.type === 'audio') this.sentence.chunk(event.frame);
    else if (event.type === 'segment-text') this.sentence.text(event.text);
    else if (event.type === 'segment-end' && event.error) this.onError(utterance, event.error);
    else if (event.type === 'segment-end') this.sentence.end(false);
    else if (event.type === 'done') this.finish(utterance, event.segments);
  }

  /**
   * The engine failed `utterance` (reported once, by the failed segment or by the stream):
   * `error`, `audio.done {error: true}` for its open sentence, and `session.done` at its
   * `input.done`, which may already have come.
   */
  private onError(utterance: Utterance, error: ParleyError): void {
    if (utterance.failed || this.queue[0] !== utterance) return;
    this.context.logger.warn('speech session: synthesis failed', { code: error.code, message: error.message });
    utterance.failed = true;
    utterance.stop();
    this.out.json(errorMessage(error));
    this.sentence.end(true);
    if (utterance.inputDone) this.finish(utterance, utterance.sentences);
  }

  /** The head utterance is over: `session.done`, and the next one starts. */
  private finish(utterance: Utterance, sentences: number): void {
    if (this.queue[0] !== utterance) return;
    this.queue.shift();
    this.heldChars -= utterance.chars;
    this.out.json(sessionDone(utterance.index, sentences));
    this.startHead();
  }

  /** Stops every utterance: the engine is unsubscribed, so no further event, frame or work. */
  private stopAll(): void {
    for (const utterance of this.queue.splice(0)) utterance.stop();
    this.heldChars = 0;
    if (this.sentence.current) this.applied?.speaker?.cancel();
    this.sentence.abandon();
  }
}
