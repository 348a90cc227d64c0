import { AsyncIterableQueue } from '@livekit/agents';
import { lastValueFrom, mergeMap, toArray, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { inputSegments } from './input-segments.js';

const FLUSH = Symbol('FLUSH_SENTINEL');
const queueOf = (items: (string | symbol)[], close = true) => {
  const queue = new AsyncIterableQueue<string | symbol>();
  for (const item of items) queue.put(item);
  if (close) queue.close();
  return queue;
};
const texts = (segments: Observable<Observable<string>>) =>
  lastValueFrom(
    segments.pipe(
      mergeMap((segment) => segment.pipe(toArray())),
      toArray(),
    ),
  );

describe('inputSegments', () => {
  it('ends a segment at each flush and at the end of input, keeping the pieces as they came', async () => {
    const segments = await texts(inputSegments(queueOf(['He', 'llo.', FLUSH, 'Bye', ' now.'])));
    expect(segments).toEqual([
      ['He', 'llo.'],
      ['Bye', ' now.'],
    ]);
  });

  it('makes no segment for flushes without text, nor for empty pieces (as the base class counts them)', async () => {
    expect(await texts(inputSegments(queueOf([FLUSH, '', FLUSH, FLUSH])))).toEqual([]);
    expect(await texts(inputSegments(queueOf(['', 'One.', FLUSH, '', FLUSH])))).toEqual([['One.']]);
  });

  it('emits a segment at its first piece and replays what it got to a late subscriber', async () => {
    const queue = queueOf([], false);
    const seen: Observable<string>[] = [];
    const subscription = inputSegments(queue).subscribe((segment) => seen.push(segment));
    queue.put('First');
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toHaveLength(1);
    queue.put(' part.');
    queue.put(FLUSH);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await lastValueFrom(seen[0]!.pipe(toArray()))).toEqual(['First', ' part.']);
    subscription.unsubscribe();
  });

  it('leaves later items in the queue once unsubscribed (a retried run() reads them)', async () => {
    const queue = queueOf([], false);
    inputSegments(queue).subscribe().unsubscribe();
    queue.put('kept');
    expect(await queue.next()).toEqual({ value: 'kept', done: false });
  });
});
