import { APIError } from '@livekit/agents';
import { ParleyError } from '@parley/core';
import { Observable, Subject, of, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { pump } from './pump.js';

describe('pump', () => {
  it('puts every value and resolves when the source completes', async () => {
    const got: number[] = [];
    await pump(of(1, 2, 3), (value) => got.push(value), new AbortController().signal);
    expect(got).toEqual([1, 2, 3]);
  });

  it('on abort: unsubscribes at once, puts nothing more and resolves quietly', async () => {
    const source = new Subject<number>();
    let unsubscribed = false;
    const watched = new Observable<number>((subscriber) => {
      const inner = source.subscribe(subscriber);
      return () => {
        unsubscribed = true;
        inner.unsubscribe();
      };
    });
    const abort = new AbortController();
    const got: number[] = [];
    const done = pump(watched, (value) => got.push(value), abort.signal);
    source.next(1);
    abort.abort();
    expect(unsubscribed).toBe(true);
    source.next(2);
    source.error(new Error('too late'));
    await expect(done).resolves.toBeUndefined();
    expect(got).toEqual([1]);
  });

  it('rejects with an APIError when the source fails, and does nothing for an already aborted signal', async () => {
    const failing = throwError(() => new ParleyError('OVERLOADED', 'busy'));
    await expect(pump(failing, () => undefined, new AbortController().signal)).rejects.toBeInstanceOf(APIError);
    const abort = new AbortController();
    abort.abort();
    let subscribed = false;
    await pump(new Observable(() => void (subscribed = true)), () => undefined, abort.signal);
    expect(subscribed).toBe(false);
  });
});
