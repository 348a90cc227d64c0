import { PcmFrame, toParleyError, type ParleyError } from '@parley/core';
import { Subject, type Subscription } from 'rxjs';
import type { RawData, WebSocket } from 'ws';
import type { Principal } from '../auth/principal.js';
import { pcmBytes } from '../speech/pcm-bytes.js';
import { BoundedSocket } from '../ws/bounded-socket.js';
import { errorMessage, type OutboundMessage } from '../ws/messages.js';
import type { AcceptConversation, ConversationHandler } from './conversation.js';
import { parseConversationMessage, type ConversationClientMessage, type ConversationServerMessage } from './conversation-protocol.js';
import { ReportedOutput } from './reported-output.js';

/** What a conversation needs from its server. */
export interface ConversationContext {
  accept: AcceptConversation;
  principal: Principal;
  /** The rate of the audio sent to the page: the engine's. */
  sampleRate: number;
  /** Bytes the page may leave unread before it is dropped. */
  maxBufferedBytes: number;
}

/**
 * One page on `WS /v1/conversation`: its microphone in (a fresh Observable per `start`), the
 * application's events and audio out through a {@link ReportedOutput}, and its messages turned
 * into handler calls. A bad message is answered `{type: "error", code, message}` and ignored; a
 * page that stops reading is dropped (see `BoundedSocket`), and whatever ends the socket stops
 * the listening under way.
 */
export class ConversationSession {
  readonly #out: BoundedSocket<ConversationServerMessage | OutboundMessage>;
  readonly #output: ReportedOutput;
  readonly #handler: ConversationHandler;
  #microphone: Subject<PcmFrame> | undefined;
  #microphoneRate = 0;
  #running: Subscription | undefined;

  constructor(ws: WebSocket, context: ConversationContext) {
    this.#out = new BoundedSocket(ws, context.maxBufferedBytes, () => this.#stop());
    const { sampleRate } = context;
    this.#output = new ReportedOutput(
      sampleRate,
      (frame) => this.#out.binary(pcmBytes(frame)),
      () => this.#out.json({ type: 'clear' }),
    );
    this.#handler = context.accept({ output: this.#output, principal: context.principal });
    ws.on('message', (data, isBinary) => (isBinary ? this.#audio(data) : this.#control(data)));
    ws.once('close', () => this.#stop());
    this.#out.json({ type: 'hello', ...this.#handler.hello, sampleRate });
  }

  #control(data: RawData): void {
    let message: ConversationClientMessage;
    try {
      message = parseConversationMessage(data);
    } catch (error) {
      return this.#fail(toParleyError(error));
    }
    switch (message.type) {
      case 'start':
        return this.#start(message.sampleRate);
      case 'stop':
        return this.#stop();
      case 'interrupt':
        return this.#handler.interrupt();
      case 'played':
        return this.#output.report(message.samples, message.buffered);
      case 'voice':
        return this.#handler.voice?.(message.voice);
    }
  }

  #start(sampleRate: number): void {
    this.#stop();
    this.#microphoneRate = sampleRate;
    this.#microphone = new Subject<PcmFrame>();
    this.#running = this.#handler.listen(this.#microphone).subscribe({
      next: (event) => this.#out.json(event),
      error: (error: unknown) => this.#fail(toParleyError(error)),
    });
    this.#out.json({ type: 'listening', listening: true });
  }

  /** Stops listening: the reply under way is interrupted first, so what was heard is kept. */
  #stop(): void {
    if (!this.#running) return;
    this.#handler.interrupt();
    this.#running.unsubscribe();
    this.#running = undefined;
    this.#microphone = undefined;
    this.#out.json({ type: 'listening', listening: false });
  }

  /** Microphone audio: 16-bit LE mono at the rate `start` named. */
  #audio(data: RawData): void {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
    if (!this.#microphone || bytes.byteLength < 2) return;
    const samples = new Int16Array(bytes.byteLength >> 1);
    for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2);
    this.#microphone.next(new PcmFrame(samples, this.#microphoneRate));
  }

  #fail(error: ParleyError): void {
    this.#out.json(errorMessage(error));
  }
}
