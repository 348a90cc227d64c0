import { describe, expect, it } from 'vitest';
import { SessionSlots } from './session-slots.js';

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
