import type { RawData, WebSocket } from 'ws';

/** Handles one message; a returned promise means "wait for me before the next one". */
export type MessageHandler = (data: RawData, isBinary: boolean) => Promise<void> | void;

/**
 * Hands a socket's messages to `handle` one at a time, in order, even when handling one takes a
 * while (a `session.config` waits for the engine to check its options, and the text right
 * behind it must not overtake it).
 *
 * While a handler's promise is pending the socket is paused (`ws.pause()`: TCP stops being read,
 * so a fast sender is held back by the kernel, not buffered here), and the few messages ws had
 * already parsed wait in a queue; memory stays bounded by what one read can hold. The handler's
 * promise must not reject.
 */
export class SerialInbox {
  private readonly waiting: [RawData, boolean][] = [];
  private busy = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly handle: MessageHandler,
  ) {
    ws.on('message', (data, isBinary) => this.push(data, isBinary));
  }

  private push(data: RawData, isBinary: boolean): void {
    if (this.busy) this.waiting.push([data, isBinary]);
    else this.run(data, isBinary);
  }

  private run(data: RawData, isBinary: boolean): void {
    const pending = this.handle(data, isBinary);
    if (!pending) return;
    this.busy = true;
    this.ws.pause();
    void pending.then(() => {
      this.busy = false;
      this.ws.resume();
      this.drain();
    });
  }

  private drain(): void {
    while (!this.busy && this.waiting.length > 0) {
      const [data, isBinary] = this.waiting.shift()!;
      this.run(data, isBinary);
    }
  }
}
