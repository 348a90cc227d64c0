/** Collects a stream's values and lets a test wait for one that matches. */
export class EventLog<T> {
  readonly values: T[] = [];
  readonly #waiters: { match: (value: T) => boolean; resolve: (value: T) => void }[] = [];

  /** Records `value` and wakes the waiters it matches. */
  push(value: T): void {
    this.values.push(value);
    for (const waiter of [...this.#waiters]) {
      if (!waiter.match(value)) continue;
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve(value);
    }
  }

  /** The first value (already seen or still to come) that matches, within `timeoutMs`. */
  waitFor<U extends T>(match: (value: T) => value is U, timeoutMs?: number): Promise<U>;
  waitFor(match: (value: T) => boolean, timeoutMs?: number): Promise<T>;
  waitFor(match: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const seen = this.values.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms`)), timeoutMs);
      this.#waiters.push({ match, resolve: (value) => (clearTimeout(timer), resolve(value)) });
    });
  }
}
