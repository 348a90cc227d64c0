import { setTimeout as delay } from 'node:timers/promises';
import { AudioSource, LocalAudioTrack } from '@livekit/rtc-node';
import { isParleyError } from '@parley/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AUDIO_WAIT, PLAYED_TOLERANCE_MS, constantFrame, countCaptures, listenLoopback, nowMs } from '../testing/loopback.js';
import { SourceWriter } from './source-writer.js';

const RATE = 24_000;
const FRAME = 480; // 20 ms

/** A real AudioSource with a 200 ms native queue, its track, and a loopback listener on it. */
function setup(queueMs = 200) {
  const source = new AudioSource(RATE, 1, queueMs);
  const track = LocalAudioTrack.createAudioTrack('writer-test', source);
  const listener = listenLoopback(track);
  const writer = new SourceWriter(source);
  cleanups.push(async () => {
    await listener.stop();
    await track.close(true);
  });
  return { source, track, listener, writer };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('SourceWriter on a real AudioSource (no room)', () => {
  it('is taken at once while the native queue has room, then paced in real time', async () => {
    const { source, writer } = setup(200);
    const start = nowMs();
    let maxQueuedMs = 0;
    for (let i = 0; i < 50; i++) {
      await writer.write(constantFrame(FRAME, 8000));
      maxQueuedMs = Math.max(maxQueuedMs, source.queuedDuration);
    }
    const elapsedMs = nowMs() - start;
    // The writes ran ahead of playout until the 200 ms queue was full, and never further...
    expect(maxQueuedMs).toBeGreaterThan(150);
    expect(maxQueuedMs).toBeLessThanOrEqual(230);
    // ...then each 20 ms frame waited for 20 ms of playout: 1000 ms of audio took ~800 ms.
    expect(elapsedMs).toBeGreaterThan(650);
    expect(elapsedMs).toBeLessThan(3_000);
    expect(writer.pushedSamples).toBe(50 * FRAME);
  });

  it('reports played = pushed − queued: exactly what a listener on the track ends up hearing', async () => {
    const { writer, listener } = setup(200);
    for (let i = 0; i < 40; i++) await writer.write(constantFrame(FRAME, 8000)); // 800 ms
    await delay(100);
    expect(writer.playedSamples).toBeLessThan(writer.pushedSamples); // ~200 ms still queued
    // clearing freezes the count: what was played by then is all the listener will ever hear
    const played = writer.clear();
    await delay(200);
    expect(Math.abs(played - listener.loudSamples(4000))).toBeLessThanOrEqual(24 * PLAYED_TOLERANCE_MS);
  });

  it('clear() drops the queue: nothing more of it is heard, and new audio plays next', async () => {
    const { source, writer, listener } = setup(1000);
    for (let i = 0; i < 50; i++) await writer.write(constantFrame(FRAME, 8000)); // 1000 ms: the queue is full
    await delay(100);
    const clearedAt = nowMs();
    const played = writer.clear();
    expect(source.queuedDuration).toBe(0);
    expect(writer.pushedSamples).toBe(played);
    expect(played).toBeGreaterThan(0);
    expect(played).toBeLessThan(50 * FRAME);
    for (let i = 0; i < 25; i++) await writer.write(constantFrame(FRAME, 5555));
    // uncleared, ~900 ms of the old audio would play before the new
    await vi.waitFor(() => expect(listener.samplesEqualTo(5555)).toBeGreaterThan(0), AUDIO_WAIT);
    expect(nowMs() - clearedAt).toBeLessThan(400);
    await vi.waitFor(() => expect(listener.samplesEqualTo(5555)).toBe(25 * FRAME), AUDIO_WAIT);
    expect(Math.abs(listener.samplesEqualTo(8000) - played)).toBeLessThanOrEqual(24 * PLAYED_TOLERANCE_MS);
  });

  it('never plays a frame whose capture was still pending at clear (capture-pending-at-clear)', async () => {
    const { writer, listener } = setup(200);
    for (let i = 0; i < 10; i++) await writer.write(constantFrame(FRAME, 8000)); // the queue is full
    const pending = writer.write(constantFrame(FRAME, 12_345)); // waits for room
    await delay(5);
    writer.clear();
    await pending;
    await delay(200);
    expect(listener.samplesEqualTo(12_345)).toBe(0);
    // control: without the clear, such a frame is heard
    await writer.write(constantFrame(FRAME, 12_345));
    await delay(200);
    expect(listener.samplesEqualTo(12_345)).toBe(FRAME);
  });

  it('makes one capture at a time, in order, however many writes are made at once', async () => {
    const { source, writer, listener } = setup(200);
    const counted = countCaptures(source);
    const values = Array.from({ length: 20 }, (_, i) => 1000 + i * 100);
    await Promise.all(values.map((value) => writer.write(constantFrame(FRAME, value))));
    expect(counted.calls()).toBe(20);
    expect(counted.maxInFlight()).toBe(1);
    await source.waitForPlayout();
    await delay(30);
    const heardOrder = listener.frames.flatMap((f) => [...new Set(f.data)]).filter((v) => v >= 1000);
    expect([...new Set(heardOrder)]).toEqual(values);
  });

  it('drops a frame whose signal aborted before its turn, without a capture', async () => {
    const { source, writer } = setup(200);
    const counted = countCaptures(source);
    const abort = new AbortController();
    abort.abort();
    await writer.write(constantFrame(FRAME, 8000), abort.signal);
    expect(counted.calls()).toBe(0);
    expect(writer.pushedSamples).toBe(0);
  });

  it('refuses a frame in another format with INVALID_INPUT, before rtc-node does', async () => {
    const { writer } = setup();
    const error = await writer.write(constantFrame(960, 1, 48_000)).catch((e: unknown) => e);
    expect(isParleyError(error) && error.code).toBe('INVALID_INPUT');
    expect(writer.captures).toBe(0);
    // the chain survives a failed write
    await writer.write(constantFrame(FRAME, 1));
    expect(writer.captures).toBe(1);
  });

  it('fails a write on a closed source with a ParleyError', async () => {
    const { source, writer } = setup();
    await source.close();
    const error = await writer.write(constantFrame(FRAME, 1)).catch((e: unknown) => e);
    expect(isParleyError(error) && error.code).toBe('INTERNAL');
  });
});
