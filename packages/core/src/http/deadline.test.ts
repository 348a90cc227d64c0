import { afterEach, describe, expect, it, vi } from 'vitest';
import { Deadline } from './deadline.js';

afterEach(() => vi.useRealTimers());

describe('Deadline', () => {
  it('aborts when the armed timer runs out, and says why', () => {
    vi.useFakeTimers();
    const deadline = new Deadline();
    deadline.arm(1_000, 'no answer within 1000 ms');
    vi.advanceTimersByTime(999);
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect([deadline.signal.aborted, deadline.timedOut, deadline.cancelled]).toEqual([true, 'no answer within 1000 ms', false]);
  });

  it('re-arming restarts the timer: a stream that keeps talking never times out', () => {
    vi.useFakeTimers();
    const deadline = new Deadline();
    for (let i = 0; i < 5; i++) {
      deadline.arm(100, 'stalled');
      vi.advanceTimersByTime(90);
    }
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(10);
    expect(deadline.timedOut).toBe('stalled');
  });

  it("follows the caller's signal, and lets go of it once disposed", () => {
    const caller = new AbortController();
    const deadline = new Deadline(caller.signal);
    caller.abort();
    expect([deadline.signal.aborted, deadline.cancelled, deadline.timedOut]).toEqual([true, true, undefined]);
    const later = new AbortController();
    const disposed = new Deadline(later.signal);
    disposed.dispose();
    expect(disposed.signal.aborted).toBe(true);
    later.abort();
    expect(disposed.cancelled).toBe(true);
    expect(disposed.timedOut).toBeUndefined();
  });
});
