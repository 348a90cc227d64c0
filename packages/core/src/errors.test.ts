import { describe, expect, it } from 'vitest';
import { ParleyError, isParleyError, toParleyError } from './errors.js';

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
