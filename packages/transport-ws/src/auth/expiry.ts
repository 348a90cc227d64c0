import { ParleyError } from '@parley/core';
import type { Principal } from './principal.js';

/** The longest delay `setTimeout` takes (about 24.8 days); a later expiry is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls `onExpired` once `principal`'s token expires (`expiresAt`), so that a connection does not
 * outlive the token that opened it; never for a principal without expiry. Returns a function
 * that cancels, for when the connection ends first.
 */
export function whenExpired(principal: Principal, onExpired: () => void, now: () => number = Date.now): () => void {
  const { expiresAt } = principal;
  if (expiresAt === undefined) return () => {};
  let timer: NodeJS.Timeout | undefined;
  const wait = (): void => {
    const left = expiresAt - now();
    if (left <= 0) return onExpired();
    timer = setTimeout(wait, Math.min(left, MAX_TIMER_MS));
    timer.unref();
  };
  wait();
  return () => clearTimeout(timer);
}

/** The error a connection ends with when its token expires (close 4401). */
export function tokenExpired(): ParleyError {
  return new ParleyError('UNAUTHORIZED', 'the access token expired: reconnect with a fresh one');
}
