import type { ServerResponse } from 'node:http';

/**
 * A deadline on a client taking the bytes written to it. From the moment written bytes have to
 * wait in the response (`write()` returned false, or `end()` left some unsent) until they have
 * all gone (`drain`, `finish`), the client has `timeoutMs`; then `onStall` runs. A client that
 * stops reading, or never starts, otherwise holds its socket, its session slot and every
 * unsent byte for as long as it likes.
 */
export class WriteDeadline {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly res: ServerResponse,
    private readonly timeoutMs: number,
    private readonly onStall: () => void,
  ) {
    for (const event of ['drain', 'finish', 'close']) res.on(event, () => this.clear());
  }

  /** Writes `chunk`, starting the deadline if it has to wait. */
  write(chunk: Uint8Array): void {
    if (!this.res.write(chunk)) this.arm();
  }

  /** Ends the response with `chunk`, starting the deadline unless everything went out at once. */
  end(chunk?: Uint8Array): void {
    this.res.end(chunk);
    if (!this.res.writableFinished) this.arm();
  }

  private arm(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.onStall();
    }, this.timeoutMs);
  }

  private clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
