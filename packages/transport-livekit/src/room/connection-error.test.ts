import { ParleyError } from '@parley/core';
import { describe, expect, it } from 'vitest';
import { toConnectionError } from './connection-error.js';

const URL = 'ws://127.0.0.1:7880';

/** rtc-node 0.13.35's messages, as seen on this machine (see connection-error.ts). */
const SEEN = {
  refused: 'engine: signal failure: transport connection error: IO error: Connection refused (os error 111)',
  expired: 'engine: signal failure: client error: 401 Unauthorized - invalid token: token is expired',
  forbidden: 'engine: signal failure: client error: 403 Forbidden - no permissions to access the room',
  notFound: 'engine: signal failure: client error: 404 Not Found - not found',
  serverError: 'engine: signal failure: server error: 500 Internal Server Error - boom',
  draining: 'engine: signal failure: server error: 503 Service Unavailable - draining',
  timedOut: 'engine: signal failure: transport timed out',
  badUrl: 'engine: signal failure: failed to parse the url: relative URL without a base',
};

describe('toConnectionError', () => {
  it.each([
    ['expired', 'UNAUTHORIZED', false],
    ['forbidden', 'UNAUTHORIZED', false],
    ['notFound', 'INVALID_INPUT', false],
    ['badUrl', 'INVALID_INPUT', false],
    ['refused', 'INTERNAL', true],
    ['serverError', 'INTERNAL', true],
    ['draining', 'OVERLOADED', true],
    ['timedOut', 'INTERNAL', true],
  ] as const)('classifies %s as %s (retryable %s)', (name, code, retryable) => {
    const error = toConnectionError(new Error(SEEN[name]), URL);
    expect(error).toMatchObject({ code, retryable });
    expect(error.message).toContain(URL);
    expect(error.message).not.toContain('engine: signal failure');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('says why in words a person can act on', () => {
    expect(toConnectionError(new Error(SEEN.refused), URL).message).toBe(
      `cannot reach LiveKit at ${URL}: transport connection error: IO error: Connection refused (os error 111)`,
    );
    expect(toConnectionError(new Error(SEEN.expired), URL).message).toBe(
      `LiveKit at ${URL} refused the token: client error: 401 Unauthorized - invalid token: token is expired`,
    );
  });

  it('passes a ParleyError through and accepts non-errors', () => {
    const original = new ParleyError('CANCELLED', 'stop');
    expect(toConnectionError(original, URL)).toBe(original);
    expect(toConnectionError('Room disconnected', URL)).toMatchObject({ code: 'INTERNAL', retryable: true });
  });
});
