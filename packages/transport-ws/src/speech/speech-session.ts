import type { RawData, WebSocket } from 'ws';
import { ParleyError, toParleyError, type SpeechEvent, type SynthesisOptions, type TextToSpeech } from '@parley/core';
import { mayPublish, type Principal } from '../auth/principal.js';
import type { Limits } from '../limits.js';
import type { Logger } from '../logger.js';
import type { Room } from '../rooms/room.js';
import type { RoomHub } from '../rooms/room-hub.js';
import { BoundedSocket } from '../ws/bounded-socket.js';
import { CloseCode } from '../ws/close-codes.js';
import { errorMessage, type ServerMessage } from '../ws/messages.js';
import { invalid } from './fields.js';
import { parseClientMessage, type ClientMessage, type SessionConfig } from './protocol.js';
import { SentenceFraming } from './sentence-framing.js';
import { Utterance } from './utterance.js';

/** What a {@link SpeechSession} needs from its server. */
export interface SpeechSessionContext {
  tts: TextToSpeech;
  principal: Principal;
  rooms: RoomHub;
  limits: Limits;
  logger: Logger;
}

/** The sentence being sent. */
interface SentenceState {
  utterance: number;
  index: number;
  bytes: number;
  framing: SentenceFraming;
}

/**
 * One connection of `WS /v1/audio/speech/stream`: parses client messages, feeds text to the
 * engine one {@link Utterance} at a time, and maps the engine's SpeechEvents to protocol messages.
 * Every recoverable problem is answered with `{type: "error", code, message}` and the session
 * carries on; `input.cancel` stops the engine by unsubscribing and answers `audio.cancelled`.
 */
export class SpeechSession {
  private readonly out: BoundedSocket;
  private config: SessionConfig | undefined;
  private room: Room | undefined;
  /** queue[0] is being spoken; the others wait for it. */
  private readonly queue: Utterance[] = [];
  private nextUtterance = 0;
  private heldChars = 0;
  private sentence: SentenceState | undefined;
  private lastActivity = Date.now();
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly context: SpeechSessionContext,
  ) {
    this.out = new BoundedSocket(ws, context.limits.sessionMaxBufferedBytes, () => {
      context.logger.warn('speech session: client too slow, disconnected', { queued: ws.bufferedAmount });
      this.stopAll();
    });
    this.armIdleTimer(context.limits.idleTimeoutMs);
  }

  /** Handles one client message; never throws. */
  handle(data: RawData, isBinary: boolean): void {
    this.lastActivity = Date.now();
    try {
      this.dispatch(parseClientMessage(data, isBinary));
    } catch (error) {
      this.out.json(errorMessage(toParleyError(error)));
    }
  }

  /** Server shutdown: ends the sentence in progress with `audio.done {error: true}`, then closes 1001. */
  shutdown(): void {
    const sentence = this.sentence;
    if (sentence) this.out.json(this.doneMessage(sentence, true));
    this.stopAll();
    this.out.json(errorMessage(new ParleyError('CANCELLED', 'server shutting down')));
    this.ws.close(CloseCode.GOING_AWAY, 'server shutting down');
  }

  /** The socket closed: stops the engine at once and frees everything. */
  dispose(): void {
    this.stopAll();
    clearTimeout(this.idleTimer);
  }

  private dispatch(message: ClientMessage): void {
    switch (message.type) {
      case 'session.config':
        return this.configure(message.config);
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

  private configure(config: SessionConfig): void {
    if (this.queue.length > 0) {
      throw invalid('session.config is refused while text is pending: wait for session.done, or send input.cancel');
    }
    if (config.room !== undefined && !mayPublish(this.context.principal, config.room)) {
      throw new ParleyError('UNAUTHORIZED', `this token may not publish into room ${config.room}`);
    }
    this.config = config;
    this.room = config.room === undefined ? undefined : this.context.rooms.room(config.room);
  }

  private addText(text: string): void {
    this.requireConfig();
    const max = this.context.limits.maxTextChars;
    if (this.heldChars + text.length > max) {
      throw invalid(`text limit of ${max} characters pending at once exceeded: this text was dropped`);
    }
    this.heldChars += text.length;
    this.openUtterance().addText(text);
    this.startHead();
  }

  private endInput(): void {
    this.requireConfig();
    this.openUtterance().endInput();
    this.startHead();
  }

  /** Barge-in: drops all pending text, stops the sentence in progress, answers `audio.cancelled`. */
  private cancel(): void {
    const utterance = this.queue[0]?.index ?? null;
    const sentence = this.sentence?.index ?? null;
    this.stopAll();
    this.out.json({ type: 'audio.cancelled', utterance_index: utterance, sentence_index: sentence });
  }

  private requireConfig(): void {
    if (!this.config) throw invalid('send session.config first');
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
    head?.start(this.context.tts, this.synthesisOptions(), {
      next: (event) => this.onEvent(head, event),
      error: (error: unknown) => this.onError(head, error),
    });
  }

  private onEvent(utterance: Utterance, event: SpeechEvent): void {
    this.lastActivity = Date.now();
    this.room?.publish(event, this.context.tts);
    if (event.type === 'segment-start') this.startSentence(utterance, event.index, event.text);
    else if (event.type === 'audio' && this.sentence) this.send(this.sentence, this.sentence.framing.chunk(event.frame));
    else if (event.type === 'segment-end') this.endSentence(event.error !== undefined);
    else if (event.type === 'done') {
      this.finish(utterance, { type: 'session.done', utterance_index: utterance.index, total_sentences: event.segments });
    }
  }

  private onError(utterance: Utterance, thrown: unknown): void {
    const error = toParleyError(thrown);
    this.context.logger.warn('speech session: synthesis failed', { code: error.code, message: error.message });
    this.finish(utterance, errorMessage(error));
  }

  private startSentence(utterance: Utterance, index: number, text: string): void {
    const { tts } = this.context;
    const { response_format: format, stream_audio: streaming } = this.config!;
    const framing = new SentenceFraming(format, streaming, tts.sampleRate, tts.channels);
    this.sentence = { utterance: utterance.index, index, bytes: 0, framing };
    this.out.json({
      type: 'audio.start', utterance_index: utterance.index, sentence_index: index, sentence_text: text,
      format, sample_rate: tts.sampleRate, channels: tts.channels,
    });
    this.send(this.sentence, framing.start());
  }

  private endSentence(failed: boolean): void {
    const sentence = this.sentence;
    if (!sentence) return;
    this.send(sentence, sentence.framing.end());
    this.sentence = undefined;
    this.out.json(this.doneMessage(sentence, failed));
  }

  private send(sentence: SentenceState, frames: Uint8Array[]): void {
    for (const frame of frames) {
      sentence.bytes += frame.byteLength;
      this.out.binary(frame);
    }
  }

  private doneMessage(sentence: SentenceState, error: boolean): ServerMessage {
    const { utterance, index, bytes } = sentence;
    return { type: 'audio.done', utterance_index: utterance, sentence_index: index, total_bytes: bytes, error };
  }

  /** The head utterance ended (done or failed): report it and start the next one. */
  private finish(utterance: Utterance, message: ServerMessage): void {
    if (this.queue[0] !== utterance) return;
    this.queue.shift();
    this.heldChars -= utterance.chars;
    this.sentence = undefined;
    this.out.json(message);
    this.startHead();
  }

  /** Stops every utterance: the engine is unsubscribed, so no further event, frame or work. */
  private stopAll(): void {
    for (const utterance of this.queue.splice(0)) utterance.stop();
    this.heldChars = 0;
    if (this.sentence) this.room?.cancel();
    this.sentence = undefined;
  }

  private synthesisOptions(): SynthesisOptions {
    const { voice, language, seed, initial_codec_chunk_frames: frames } = this.config!;
    const options: SynthesisOptions & { initialCodecChunkFrames?: number } = {};
    if (voice !== undefined) options.voice = voice;
    if (language !== undefined) options.language = language;
    if (seed !== undefined) options.seed = seed;
    if (frames !== undefined) options.initialCodecChunkFrames = frames;
    return options;
  }

  /** Closes the socket when neither the client nor the engine did anything for `idleMs`. */
  private armIdleTimer(idleMs: number): void {
    const quiet = Date.now() - this.lastActivity;
    if (quiet >= idleMs) {
      this.stopAll();
      this.out.json(errorMessage(new ParleyError('CANCELLED', `idle timeout: nothing happened for ${idleMs} ms`)));
      this.ws.close(CloseCode.IDLE_TIMEOUT, 'idle timeout');
      return;
    }
    this.idleTimer = setTimeout(() => this.armIdleTimer(idleMs), idleMs - quiet);
    this.idleTimer.unref();
  }
}
