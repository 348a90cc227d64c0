import type { WebSocket } from 'ws';
import { sendJson, type OutboundMessage } from './messages.js';

/**
 * A speech client's socket with a bound on what may wait in its send buffer.
 *
 * A speech stream must not skip audio (a gap would be heard, and `total_bytes` would lie), and an
 * engine cannot be paused mid-step, so the policy is: queue everything up to `maxBufferedBytes`
 * (ws `bufferedAmount`: bytes in ws's queue plus the socket's), and past that, drop the client —
 * `terminate()` the socket and call `onOverflow` so the caller cancels the generation. The
 * server's memory per client is then at most the bound plus one message. `M` is the endpoint's
 * message union, so that only its messages can be sent.
 */
export class BoundedSocket<M extends OutboundMessage> {
  private overflowed = false;

  constructor(
    readonly ws: WebSocket,
    private readonly maxBufferedBytes: number,
    private readonly onOverflow: () => void,
  ) {}

  /** Whether messages still go out. */
  get open(): boolean {
    return !this.overflowed && this.ws.readyState === this.ws.OPEN;
  }

  /** Sends a JSON message. */
  json(message: M): void {
    if (!this.open) return;
    sendJson(this.ws, message);
    this.check();
  }

  /** Sends a binary frame. */
  binary(data: Uint8Array): void {
    if (!this.open) return;
    this.ws.send(data, { binary: true });
    this.check();
  }

  private check(): void {
    if (this.ws.bufferedAmount <= this.maxBufferedBytes) return;
    this.overflowed = true;
    this.ws.terminate();
    this.onOverflow();
  }
}
