import { APIConnectionError, APIError } from '@livekit/agents';
import { ParleyError, type ErrorCode } from '@parley/core';
import { describe, expect, it } from 'vitest';
import { toAPIError } from './api-error.js';

describe('toAPIError', () => {
  it.each<[ErrorCode, boolean]>([
    ['OVERLOADED', true],
    ['DEVICE_UNAVAILABLE', true],
    ['INTERNAL', true],
    ['INVALID_INPUT', false],
    ['MODEL_NOT_FOUND', false],
    ['MODEL_LOAD_FAILED', false],
    ['CANCELLED', false],
  ])('%s becomes an APIError with retryable %s, the code leading the message and in the body', (code, retryable) => {
    const error = toAPIError(new ParleyError(code, 'what happened'));
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ message: `${code}: what happened`, retryable, body: { code } });
  });

  it("keeps a thrower's own retryable, passes APIErrors through, and maps other errors as core does", () => {
    expect(toAPIError(new ParleyError('INTERNAL', 'bad weights', { retryable: false })).retryable).toBe(false);
    const api = new APIConnectionError({ message: 'already mapped' });
    expect(toAPIError(api)).toBe(api);
    expect(toAPIError(new Error('boom'))).toMatchObject({ message: 'INTERNAL: boom', retryable: true });
    const aborted = Object.assign(new Error('stopped'), { name: 'AbortError' });
    expect(toAPIError(aborted)).toMatchObject({ message: 'CANCELLED: stopped', retryable: false });
  });
});
