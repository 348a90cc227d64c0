import { describe, expect, it } from 'vitest';
import { ParleyError, errorForHttpStatus, httpStatusOf, isParleyError, toParleyError } from './errors.js';

describe('ParleyError', () => {
  it('carries a stable code and a retryable flag that defaults per code', () => {
    expect(new ParleyError('OVERLOADED', 'busy').retryable).toBe(true);
    expect(new ParleyError('INVALID_INPUT', 'empty').retryable).toBe(false);
    expect(new ParleyError('INVALID_INPUT', 'x', { retryable: true }).retryable).toBe(true);
  });

  it('serializes to code, message and retryable only (no stack, no cause leaks to clients)', () => {
    const error = new ParleyError('INTERNAL', 'boom', { cause: new Error('secret path /etc') });
    expect(JSON.parse(JSON.stringify(error))).toEqual({ code: 'INTERNAL', message: 'boom', retryable: true });
  });

  it('is recognised by shape, and anything thrown converts to one', () => {
    expect(isParleyError(new ParleyError('CANCELLED', 'x'))).toBe(true);
    expect(isParleyError(new Error('x'))).toBe(false);
    const abort = new DOMException('aborted', 'AbortError');
    expect(toParleyError(abort).code).toBe('CANCELLED');
    const wrapped = toParleyError('a string');
    expect(wrapped.code).toBe('INTERNAL');
    expect(wrapped.message).toBe('a string');
    const original = new ParleyError('UNAUTHORIZED', 'no');
    expect(toParleyError(original)).toBe(original);
  });
});

describe('the code table', () => {
  it('answers each code with one HTTP status: 4xx for the caller, 429 to retry, 5xx for the server', () => {
    expect((['INVALID_INPUT', 'UNAUTHORIZED', 'MODEL_NOT_FOUND', 'OVERLOADED'] as const).map(httpStatusOf)).toEqual([400, 401, 404, 429]);
    expect((['MODEL_LOAD_FAILED', 'DEVICE_UNAVAILABLE', 'CANCELLED', 'INTERNAL'] as const).map(httpStatusOf)).toEqual([503, 503, 503, 500]);
  });

  it('reads a status that is not an error as INTERNAL, not retried', () => {
    expect(errorForHttpStatus(302, 'a redirect loop')).toMatchObject({ code: 'INTERNAL', retryable: false });
    expect(errorForHttpStatus(404, 'gone', { cause: 'why' })).toMatchObject({ code: 'MODEL_NOT_FOUND', retryable: false, cause: 'why' });
  });
});
