import { setTimeout as delay } from 'node:timers/promises';
import { PcmFrame } from '../audio/pcm-frame.js';
import { isParleyError } from '../errors.js';
import { Observable, Subject, from, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { FramePump } from './frame-pump.js';

const frame = (value: number) => new PcmFrame(new Int16Array(480).fill(value), 24_000); // 20 ms

/** A sink that takes `delayMs` per frame and records the frames and how many ran at once. */
function slowSink(delayMs: number) {
  const written: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const sink = async (f: PcmFrame) => {
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    written.push(f.data[0]!);
    inFlight--;
  };
  return { sink, written, maxInFlight: () => maxInFlight };
}

/** A source fed by `subject` that records whether it was unsubscribed. */
function watchedSource() {
  let unsubscribed = false;
  const subject = new Subject<PcmFrame>();
  const source = new Observable<PcmFrame>((subscriber) => {
    const inner = subject.subscribe(subscriber);
    return () => {
      unsubscribed = true;
      inner.unsubscribe();
    };
  });
  return { subject, source, unsubscribed: () => unsubscribed };
}

describe('FramePump', () => {
  it('writes every frame in order, one at a time, then resolves', async () => {
    const { sink, written, maxInFlight } = slowSink(2);
    const pump = new FramePump(from([1, 2, 3, 4, 5].map(frame)), sink);
    expect(pump.queuedFrames).toBe(4); // the first is with the sink already
    await pump.done;
    expect(written).toEqual([1, 2, 3, 4, 5]);
    expect(maxInFlight()).toBe(1);
  });

  it('resolves at once for an empty stream', async () => {
    const { sink, written } = slowSink(1);
    await new FramePump(from([]), sink).done;
    expect(written).toEqual([]);
  });

  it('fails with OVERLOADED, and unsubscribes, when the source runs too far ahead', async () => {
    const { sink } = slowSink(50);
    let unsubscribed = false;
    const source = new Observable<PcmFrame>((subscriber) => {
      for (let i = 0; i < 100 && !subscriber.closed; i++) subscriber.next(frame(i));
      return () => (unsubscribed = true);
    });
    const pump = new FramePump(source, sink, { maxBufferedMs: 200 }); // 10 frames
    const error = await pump.done.catch((e: unknown) => e);
    expect(isParleyError(error) && error.code).toBe('OVERLOADED');
    expect(unsubscribed).toBe(true);
    expect(pump.queuedFrames).toBe(0);
  });

  it('holds at most maxBufferedMs of audio while the sink is slow', async () => {
    const { sink, written } = slowSink(5);
    const source = new Subject<PcmFrame>();
    const pump = new FramePump(source, sink, { maxBufferedMs: 100 });
    let maxQueued = 0;
    for (let i = 0; i < 20; i++) {
      source.next(frame(i));
      maxQueued = Math.max(maxQueued, pump.queuedFrames);
      await delay(6); // a little slower than the sink
    }
    source.complete();
    await pump.done;
    expect(written).toHaveLength(20);
    expect(maxQueued).toBeLessThanOrEqual(5);
  });

  it('stop() unsubscribes, drops the waiting frames and writes nothing more', async () => {
    const { sink, written } = slowSink(10);
    const { subject, source, unsubscribed } = watchedSource();
    const pump = new FramePump(source, sink);
    for (let i = 0; i < 5; i++) subject.next(frame(i));
    pump.stop();
    await pump.done;
    expect(unsubscribed()).toBe(true);
    await delay(50); // the sink's time for four more frames
    expect(written).toEqual([0]); // the one already with the sink
    subject.next(frame(9));
    expect(pump.queuedFrames).toBe(0);
  });

  it('passes a source error on as a ParleyError', async () => {
    const { sink } = slowSink(1);
    const error = await new FramePump(
      throwError(() => new Error('engine died')),
      sink,
    ).done.catch((e: unknown) => e);
    expect(isParleyError(error) && error.code).toBe('INTERNAL');
    expect((error as Error).message).toBe('engine died');
  });

  it('fails when the sink throws, and unsubscribes', async () => {
    const { subject, source, unsubscribed } = watchedSource();
    const pump = new FramePump(source, () => Promise.reject(new Error('source closed')));
    subject.next(frame(1));
    const error = await pump.done.catch((e: unknown) => e);
    expect((error as Error).message).toBe('source closed');
    expect(unsubscribed()).toBe(true);
  });
});
