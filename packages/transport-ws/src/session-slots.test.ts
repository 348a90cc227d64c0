import { describe, expect, it } from 'vitest';
import { SessionSlots } from './session-slots.js';
import { httpStatus } from './http/errors.js';

describe('SessionSlots', () => {
  it('refuses past the maximum with OVERLOADED and frees a slot once per release', () => {
    const slots = new SessionSlots(2);
    const first = slots.acquire();
    slots.acquire();
    expect(() => slots.acquire()).toThrow(expect.objectContaining({ code: 'OVERLOADED', retryable: true }));
    first();
    first();
    expect(slots.active).toBe(1);
    slots.acquire();
    expect(() => slots.acquire()).toThrow();
  });
});

describe('httpStatus', () => {
  it('maps error codes to statuses', () => {
    expect(['INVALID_INPUT', 'UNAUTHORIZED', 'MODEL_NOT_FOUND', 'OVERLOADED', 'DEVICE_UNAVAILABLE', 'INTERNAL'].map((c) => httpStatus(c as never))).toEqual([
      400, 401, 404, 429, 503, 500,
    ]);
  });
});
