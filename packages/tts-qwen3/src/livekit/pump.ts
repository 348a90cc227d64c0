import type { APIError } from '@livekit/agents';
import type { Observable, Subscription } from 'rxjs';
import { toAPIError } from './api-error.js';

/**
 * Runs `source` to its end, handing each value to `put`: the bridge from an Observable (where
 * cancelling is unsubscribing) to a LiveKit stream's `run()` (a promise and an abort signal).
 *
 * Resolves when `source` completes. When `signal` aborts it unsubscribes at once (the engine
 * stops before its next model run), puts nothing more and resolves quietly, as LiveKit wants of
 * an aborted `run()`. When `source` fails it rejects with an {@link APIError} (see
 * {@link toAPIError}), unless the failure came after an abort.
 */
export function pump<T>(source: Observable<T>, put: (value: T) => void, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    let subscription: Subscription | undefined;
    const onAbort = (): void => {
      subscription?.unsubscribe();
      resolve();
    };
    const settle = (): void => signal.removeEventListener('abort', onAbort);
    signal.addEventListener('abort', onAbort, { once: true });
    subscription = source.subscribe({
      next: (value) => {
        if (!signal.aborted) put(value);
      },
      error: (error: unknown) => {
        settle();
        if (signal.aborted) resolve();
        else reject(toAPIError(error));
      },
      complete: () => {
        settle();
        resolve();
      },
    });
    // An abort during a synchronous start found no subscription to end.
    if (signal.aborted) subscription.unsubscribe();
  });
}
