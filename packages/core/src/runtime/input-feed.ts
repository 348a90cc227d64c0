/**
 * A streaming request's inputs as they reach the worker thread, for a request that takes them
 * while it runs (text streaming into a synthesis): the running work drains what has arrived,
 * and waits for more only when it has nothing to do. Hand-written because the consumer needs
 * "what is here now" without awaiting (an async iterator would cost a turn per value) and a
 * wake-up on cancel; it holds at most what the main thread sent.
 */
export class InputFeed<T> {
  private values: T[] = [];
  private done = false;
  private waiters: (() => void)[] = [];

  /** Whether the inputs are over: the main thread sent their end, or cancelled the request. */
  get ended(): boolean {
    return this.done;
  }

  /** Adds one input; ignored once ended. */
  push(value: T): void {
    if (this.done) return;
    this.values.push(value);
    this.wake();
  }

  /** No more inputs will come. Idempotent. */
  end(): void {
    this.done = true;
    this.wake();
  }

  /** The inputs that arrived since the last call, oldest first. */
  drain(): T[] {
    const values = this.values;
    this.values = [];
    return values;
  }

  /** Resolves once an input is waiting or the feed has ended (at once when either holds). */
  changed(): Promise<void> {
    if (this.values.length > 0 || this.done) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}
