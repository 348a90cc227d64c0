import { setTimeout as sleep } from 'node:timers/promises';
import { ParleyError, isParleyError } from '@parley/core';

/** How often and how patiently a transfer is retried. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 5). */
  readonly attempts?: number;
  /** Wait before the second attempt; doubles each time (default 1000 ms). */
  readonly baseDelayMs?: number;
  /** Longest wait between attempts (default 15 000 ms). */
  readonly maxDelayMs?: number;
}

/**
 * Defaults: 5 attempts over roughly 1 + 2 + 4 + 8 s, enough to ride out a CDN hiccup or a
 * dropped Wi-Fi without making a wrong URL take minutes to report.
 */
const DEFAULTS = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 15_000 } as const;

/**
 * Runs `attempt` until it succeeds, it throws an error that is not retryable (per
 * `ParleyError.retryable`; CANCELLED never is), or the attempts run out (then the last error is
 * thrown). Waits grow exponentially with jitter, so many clients do not retry in step; `signal`
 * cuts a wait short with CANCELLED. `onRetry` hears each error that will be retried.
 */
export async function withRetries<T>(
  attempt: (index: number) => Promise<T>,
  options: RetryOptions = {},
  signal?: AbortSignal,
  onRetry?: (error: ParleyError, delayMs: number) => void,
): Promise<T> {
  const { attempts, baseDelayMs, maxDelayMs } = { ...DEFAULTS, ...options };
  for (let index = 0; ; index++) {
    try {
      return await attempt(index);
    } catch (error) {
      if (!isParleyError(error) || !error.retryable || error.code === 'CANCELLED' || index + 1 >= attempts) throw error;
      const delayMs = Math.min(maxDelayMs, baseDelayMs * 2 ** index) * (0.5 + Math.random() / 2);
      onRetry?.(error, delayMs);
      await wait(delayMs, signal);
    }
  }
}

async function wait(delayMs: number, signal?: AbortSignal): Promise<void> {
  try {
    await sleep(delayMs, undefined, signal ? { signal } : {});
  } catch (error) {
    throw new ParleyError('CANCELLED', 'download cancelled; run again to resume', { cause: error });
  }
}
