import { Subject, concat, from, lastValueFrom, take, throwError, toArray } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isParleyError } from '../errors.js';
import { PcmFrame } from './pcm-frame.js';
import { resample } from './resample.js';
import { StreamingResampler } from './resampler.js';
import { resampleOnce, sine } from './testing/pcm-signals.js';

async function expectInvalid(promise: Promise<unknown>): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isParleyError(error) && error.code).toBe('INVALID_INPUT');
}

describe('resample operator', () => {
  afterEach(() => vi.restoreAllMocks());

  const frames = (rate: number, count: number, channels = 1): PcmFrame[] => {
    const all = sine(rate, [1_000], (rate / 50) * count, channels);
    const size = (rate / 50) * channels;
    return Array.from({ length: count }, (_, i) => new PcmFrame(all.slice(i * size, (i + 1) * size), rate, channels));
  };
  const joined = (list: PcmFrame[]): Int16Array => {
    const out = new Int16Array(list.reduce((n, f) => n + f.data.length, 0));
    list.reduce((offset, f) => (out.set(f.data, offset), offset + f.data.length), 0);
    return out;
  };
  const closeSpy = () => vi.spyOn(StreamingResampler.prototype, 'close');

  it('emits non-empty frames in order, flushes the tail and closes on completion', async () => {
    const input = [...frames(24_000, 10), new PcmFrame(new Int16Array(0), 24_000), ...frames(24_000, 3)];
    const direct = await resampleOnce(24_000, 48_000, joined(input));
    const close = closeSpy();
    const out = await lastValueFrom(from(input).pipe(resample(48_000), toArray()));
    expect(out.every((f) => f.data.length > 0 && f.sampleRate === 48_000 && f.channels === 1)).toBe(true);
    expect(joined(out)).toEqual(direct); // same samples, same order, tail included
    expect(direct.length).toBe(13 * 960);
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('queues frames that arrive before the resampler exists', async () => {
    const subject = new Subject<PcmFrame>();
    const result = lastValueFrom(subject.pipe(resample(16_000), toArray()));
    const input = frames(48_000, 25, 2);
    for (const frame of input) subject.next(frame); // all synchronous: creation is still pending
    subject.complete();
    const out = await result;
    expect(joined(out)).toEqual(await resampleOnce(48_000, 16_000, joined(input), 2));
    expect(joined(out).length).toBe(25 * 320 * 2);
  });

  it('completes at once, creating nothing, for an empty stream', async () => {
    const create = vi.spyOn(StreamingResampler, 'create');
    expect(await lastValueFrom(from([] as PcmFrame[]).pipe(resample(48_000), toArray()))).toEqual([]);
    expect(create).not.toHaveBeenCalled();
  });

  it('passes upstream errors through unchanged and closes', async () => {
    const close = closeSpy();
    const boom = new Error('boom');
    const source = concat(
      from(frames(24_000, 3)),
      throwError(() => boom),
    );
    await expect(lastValueFrom(source.pipe(resample(48_000)))).rejects.toBe(boom);
    await vi.waitFor(() => expect(close).toHaveBeenCalledTimes(1));
  });

  it.each([
    ['rate', new PcmFrame(new Int16Array(320), 16_000)],
    ['channel count', new PcmFrame(new Int16Array(960), 24_000, 2)],
  ])('errors with INVALID_INPUT when the %s changes mid-stream, and closes', async (_, odd) => {
    const close = closeSpy();
    const subject = new Subject<PcmFrame>();
    const received: PcmFrame[] = [];
    const result = new Promise<void>((resolve, reject) => {
      subject.pipe(resample(48_000)).subscribe({ next: (f) => received.push(f), error: reject, complete: () => resolve() });
    });
    subject.next(frames(24_000, 1)[0]!);
    await vi.waitFor(() => expect(received).toHaveLength(1)); // the resampler exists now
    subject.next(odd);
    await expectInvalid(result);
    expect(close).toHaveBeenCalledTimes(1);
    expect(subject.observed).toBe(false);
  });

  it('closes on unsubscribe, also when creation is still pending', async () => {
    const close = closeSpy();
    const subject = new Subject<PcmFrame>();
    const early = subject.pipe(resample(48_000)).subscribe();
    subject.next(frames(24_000, 1)[0]!);
    early.unsubscribe(); // before the resampler exists
    await vi.waitFor(() => expect(close).toHaveBeenCalledTimes(1));

    const first = lastValueFrom(subject.pipe(resample(48_000), take(1)));
    for (const frame of frames(24_000, 5)) subject.next(frame);
    expect((await first).sampleRate).toBe(48_000);
    expect(close).toHaveBeenCalledTimes(2);
    expect(subject.observed).toBe(false);
  });

  it('rejects a bad target rate at once', () => {
    expect(() => resample(0)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
