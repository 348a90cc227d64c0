import { ParleyError } from '@parley/core';

/**
 * An abort signal that fires when no progress is reported for `timeoutMs`, or when `parent`
 * aborts. A plain request timeout would cut off a large file that is still arriving; counting
 * from the last byte only catches a connection that went quiet, in the headers or mid-body, so
 * a download never hangs.
 */
export class StallTimer {
  /** Pass this to the request; it aborts on a stall or when the parent does. */
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly what: string,
    parent?: AbortSignal,
  ) {
    this.signal = parent ? AbortSignal.any([parent, this.controller.signal]) : this.controller.signal;
    this.touch();
  }

  /** Progress was made: start the quiet period again. */
  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(this.error()), this.timeoutMs);
  }

  /** Whether the timer fired (as opposed to the parent aborting). */
  get stalled(): boolean {
    return this.controller.signal.aborted;
  }

  /** The retryable error a stall is reported as. */
  error(): ParleyError {
    const seconds = (this.timeoutMs / 1000).toFixed(1);
    return new ParleyError('INTERNAL', `no data from ${this.what} for ${seconds} s: the connection stalled`, { retryable: true });
  }

  /** Stops the timer; call when the request is over. */
  dispose(): void {
    clearTimeout(this.timer);
  }
}
