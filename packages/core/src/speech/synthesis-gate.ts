import { Observable } from 'rxjs';
import { ParleyError } from '../errors.js';

/**
 * What a {@link TextToSpeech}'s `close()` promises its syntheses, in one place: once closed, a new
 * synthesis fails at once with CANCELLED, and one still running (speaking, or waiting for more
 * text) ends with CANCELLED at the close, its work unsubscribed. An engine passes every stream it
 * returns through {@link guard} and calls {@link close} first thing in its own `close()`, before
 * it frees its model, so no stream is left waiting on a model that is gone.
 *
 * @example
 * ```ts
 * synthesize(input) {
 *   return this.gate.guard(speakSegments(input, (text) => this.speak(text)));
 * }
 * async close() {
 *   if (this.gate.close()) await this.model.free();
 * }
 * ```
 */
export class SynthesisGate {
  readonly #closing = new AbortController();

  /** @param name - names the engine in the CANCELLED message ("the tone engine was closed"). */
  constructor(private readonly name: string) {}

  /** Whether {@link close} has been called. */
  get closed(): boolean {
    return this.#closing.signal.aborted;
  }

  /**
   * `stream`, refused with CANCELLED once the gate is closed and ended with CANCELLED when it
   * closes meanwhile. Cold, like `stream`: the check is made on subscribe.
   */
  guard<T>(stream: Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      const signal = this.#closing.signal;
      if (signal.aborted) return void subscriber.error(this.#cancelled());
      const onClose = (): void => subscriber.error(this.#cancelled());
      signal.addEventListener('abort', onClose, { once: true });
      const subscription = stream.subscribe(subscriber);
      return () => {
        signal.removeEventListener('abort', onClose);
        subscription.unsubscribe();
      };
    });
  }

  /**
   * Closes the gate: every guarded stream still open ends with CANCELLED.
   * @returns true the first time, false once closed already (so a `close()` frees once).
   */
  close(): boolean {
    if (this.closed) return false;
    this.#closing.abort();
    return true;
  }

  #cancelled(): ParleyError {
    return new ParleyError('CANCELLED', `the ${this.name} was closed`);
  }
}
