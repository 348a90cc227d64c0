/**
 * One request's abort signal: aborted by the caller's signal, by {@link Deadline.dispose}, or
 * when the armed timer runs out. It remembers why, because a caller's cancel and a timeout map
 * to different errors (CANCELLED, INTERNAL) although both abort the same fetch.
 *
 * @example
 * ```ts
 * const deadline = new Deadline(callerSignal);
 * deadline.arm(30_000, 'no answer within 30 s');
 * try { await fetch(url, { signal: deadline.signal }); } finally { deadline.dispose(); }
 * ```
 */
export class Deadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private expired: string | undefined;
  private readonly onCallerAbort = () => this.controller.abort(this.caller?.reason);

  constructor(private readonly caller?: AbortSignal) {
    if (caller?.aborted) this.controller.abort(caller.reason);
    else caller?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  /** Aborts when the caller aborts, the timer runs out, or the deadline is disposed. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Whether the caller cancelled. */
  get cancelled(): boolean {
    return this.caller?.aborted === true;
  }

  /** Why the timer ran out, when it did. */
  get timedOut(): string | undefined {
    return this.expired;
  }

  /** (Re)starts the timer: `ms` from now the request is aborted, `reason` kept for the error. */
  arm(ms: number, reason: string): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.expired = reason;
      this.controller.abort(new Error(reason));
    }, ms);
  }

  /** Aborts whatever is still running and lets go of the caller's signal. Idempotent. */
  dispose(): void {
    clearTimeout(this.timer);
    this.caller?.removeEventListener('abort', this.onCallerAbort);
    this.controller.abort();
  }
}
