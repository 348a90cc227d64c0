import pRetry from 'p-retry';
import { ParleyError, isParleyError } from './errors.js';

/** How often and how patiently something is tried. */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 3. */
  readonly attempts?: number;
  /** Wait before the second attempt; doubled for each next one. Default 500 ms. */
  readonly baseDelayMs?: number;
  /** Longest wait between two attempts. Default 15 000 ms. */
  readonly maxDelayMs?: number;
}

/** What a caller of {@link retry} may hear and stop. */
export interface RetryHooks {
  /** Cuts a wait between attempts short, with CANCELLED. */
  readonly signal?: AbortSignal;
  /** Hears each error that will be tried again, and the wait before the next attempt. */
  readonly onRetry?: (error: ParleyError, delayMs: number) => void;
}

const DEFAULTS = { attempts: 3, baseDelayMs: 500, maxDelayMs: 15_000 } as const;

/**
 * Runs `attempt` until it succeeds, throws an error a retry cannot fix, or the attempts run out
 * (then its error is thrown). Only a ParleyError with `retryable` set is tried again — never
 * CANCELLED — so the thrower decides, with the codes' defaults (a refused token no, a dropped
 * connection yes). Waits grow exponentially: `baseDelayMs`, twice that, … up to `maxDelayMs`.
 * An abort of `hooks.signal` ends a wait at once; an attempt under way is left to honour the
 * signal itself, so that it can finish cleaning up. Built on p-retry.
 *
 * @example
 * ```ts
 * const room = await retry(() => joinOnce(url, token), { attempts: 3, baseDelayMs: 500 });
 * ```
 */
export async function retry<T>(attempt: (index: number) => Promise<T>, options: RetryOptions = {}, hooks: RetryHooks = {}): Promise<T> {
  const { attempts, baseDelayMs, maxDelayMs } = { ...DEFAULTS, ...options };
  const delayAfter = (attemptNumber: number) => Math.min(maxDelayMs, Math.max(1, baseDelayMs) * 2 ** (attemptNumber - 1));
  const waitEnded = new AbortController();
  let waiting = false;
  const onAbort = () => waiting && waitEnded.abort();
  hooks.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await pRetry(
      (attemptNumber) => {
        waiting = false;
        return attempt(attemptNumber - 1);
      },
      {
        retries: Math.max(0, attempts - 1),
        factor: 2,
        minTimeout: baseDelayMs,
        maxTimeout: maxDelayMs,
        shouldRetry: retryable,
        signal: waitEnded.signal,
        // p-retry calls this for every failure, also the last and ones it will not retry.
        onFailedAttempt: (error) => {
          waiting = true;
          if (hooks.signal?.aborted) return waitEnded.abort();
          if (error.retriesLeft > 0 && retryable(error)) hooks.onRetry?.(error as unknown as ParleyError, delayAfter(error.attemptNumber));
        },
      },
    );
  } catch (error) {
    if (!waitEnded.signal.aborted || isParleyError(error)) throw error;
    throw new ParleyError('CANCELLED', 'cancelled while waiting to try again', { cause: error });
  } finally {
    hooks.signal?.removeEventListener('abort', onAbort);
  }
}

function retryable(error: unknown): boolean {
  return isParleyError(error) && error.retryable && error.code !== 'CANCELLED';
}
