import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ParleyError } from './errors.js';
import { retry } from './retry.js';

afterEach(() => vi.useRealTimers());

/** An attempt that fails with `errors` in turn, then answers 'ok'; it records when each began. */
function flaky(errors: unknown[]) {
  const startedAt: number[] = [];
  const attempt = async () => {
    startedAt.push(Date.now());
    if (startedAt.length <= errors.length) throw errors[startedAt.length - 1];
    return 'ok';
  };
  return { attempt, startedAt };
}

const dropped = () => new ParleyError('INTERNAL', 'connection reset', { retryable: true });

describe('retry', () => {
  it('tries a retryable error again after 100, 200, 400 ms, saying so, then succeeds', async () => {
    vi.useFakeTimers({ now: 0 });
    const { attempt, startedAt } = flaky([dropped(), dropped(), dropped()]);
    const heard: number[] = [];
    const result = retry(attempt, { attempts: 4, baseDelayMs: 100 }, { onRetry: (_error, delayMs) => heard.push(delayMs) });
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('ok');
    expect(startedAt).toEqual([0, 100, 300, 700]);
    expect(heard).toEqual([100, 200, 400]);
  });

  it('gives up after the attempts, with the error, and caps the wait at maxDelayMs', async () => {
    vi.useFakeTimers({ now: 0 });
    const { attempt, startedAt } = flaky([dropped(), dropped(), dropped(), dropped()]);
    const result = retry(attempt, { attempts: 3, baseDelayMs: 100, maxDelayMs: 150 });
    result.catch(() => undefined);
    await vi.runAllTimersAsync();
    await expect(result).rejects.toMatchObject({ code: 'INTERNAL', message: 'connection reset' });
    expect(startedAt).toEqual([0, 100, 250]);
  });

  it.each([
    ['a refused token', new ParleyError('UNAUTHORIZED', 'no')],
    ['a cancel', new ParleyError('CANCELLED', 'stop', { retryable: true })],
    ['an error that is not a ParleyError', new Error('bug')],
  ])('does not try %s again', async (_, error) => {
    const { attempt, startedAt } = flaky([error]);
    const heard: unknown[] = [];
    await expect(retry(attempt, { baseDelayMs: 1 }, { onRetry: (e) => heard.push(e) })).rejects.toBe(error);
    expect(startedAt).toHaveLength(1);
    expect(heard).toEqual([]);
  });

  it('ends a wait at once when the signal aborts, with CANCELLED, and starts no attempt after', async () => {
    const controller = new AbortController();
    const { attempt, startedAt } = flaky([dropped(), dropped()]);
    const started = performance.now();
    const result = retry(
      attempt,
      { baseDelayMs: 10_000 },
      { signal: controller.signal, onRetry: () => setTimeout(() => controller.abort(), 20) },
    );
    await expect(result).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(startedAt).toHaveLength(1);
  });

  it('lets an attempt under way finish when the signal aborts, and throws what it threw', async () => {
    const controller = new AbortController();
    let finished = false;
    const attempt = async () => {
      controller.abort();
      await delay(20);
      finished = true;
      throw new ParleyError('CANCELLED', 'download cancelled');
    };
    await expect(retry(attempt, {}, { signal: controller.signal })).rejects.toMatchObject({ message: 'download cancelled' });
    expect(finished).toBe(true);
  });
});
