import { setTimeout as delay } from 'node:timers/promises';
import { AudioSource, LocalAudioTrack } from '@livekit/rtc-node';
import { isTight, type PcmFrame } from '@parley/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AUDIO_WAIT, constantAudioFrame, nowMs } from '../testing/loopback.js';
import { trackFrames } from './track-frames.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A real track at 24 kHz (a local one: an AudioStream reads it as it reads a remote one). */
function realTrack() {
  const source = new AudioSource(24_000, 1, 1000);
  const track = LocalAudioTrack.createAudioTrack('mic', source);
  let closed = false;
  const close = async () => {
    if (!closed) await track.close(true);
    closed = true;
  };
  cleanups.push(close);
  const speak = async (ms: number, value: number) => {
    for (let i = 0; i < ms / 10; i++) await source.captureFrame(constantAudioFrame(240, value));
  };
  return { track, speak, close };
}

describe('trackFrames over a real AudioStream', () => {
  it('delivers tight 10 ms frames at 16 kHz mono by default, in real time', async () => {
    const { track, speak } = realTrack();
    const frames: PcmFrame[] = [];
    const start = nowMs();
    const subscription = trackFrames(track).subscribe((frame) => frames.push(frame));
    await speak(300, 8000); // taken at once: the source's queue holds 1000 ms
    await delay(500);
    subscription.unsubscribe();
    const elapsedMs = nowMs() - start;
    // one 10 ms frame per 10 ms of wall time, silence included
    expect(frames.length).toBeGreaterThan((0.6 * elapsedMs) / 10); // a busy machine reads late
    expect(frames.length).toBeLessThanOrEqual(elapsedMs / 10 + 3);
    for (const frame of frames) {
      expect(frame).toMatchObject({ sampleRate: 16_000, channels: 1, samplesPerChannel: 160 });
      expect(isTight(frame.data)).toBe(true);
    }
    // the constant survives the 24 → 16 kHz resampling, but for the filter's edges
    const loud = frames.flatMap((f) => [...f.data]).filter((s) => Math.abs(s - 8000) < 100).length;
    expect(loud).toBeGreaterThan(0.85 * 300 * 16);
    expect(loud).toBeLessThanOrEqual(300 * 16);
  });

  it('honours sampleRate, channels and frameSizeMs', async () => {
    const { track } = realTrack();
    const frames: PcmFrame[] = [];
    const subscription = trackFrames(track, { sampleRate: 48_000, channels: 2, frameSizeMs: 20 }).subscribe((f) => frames.push(f));
    await vi.waitFor(() => expect(frames.length).toBeGreaterThanOrEqual(3), AUDIO_WAIT);
    subscription.unsubscribe();
    expect(frames[0]).toMatchObject({ sampleRate: 48_000, channels: 2, samplesPerChannel: 960 });
    expect(frames[0]!.data.length).toBe(1920);
  });

  it('stops delivering once unsubscribed', async () => {
    const { track } = realTrack();
    let count = 0;
    const subscription = trackFrames(track).subscribe(() => count++);
    await vi.waitFor(() => expect(count).toBeGreaterThanOrEqual(5), AUDIO_WAIT);
    subscription.unsubscribe();
    await delay(20); // a read already pending may still land
    const atStop = count;
    await delay(150);
    expect(count).toBe(atStop);
  });

  it('completes when the track is closed', async () => {
    const { track, close } = realTrack();
    let completed = false;
    trackFrames(track).subscribe({ complete: () => (completed = true) });
    await delay(50);
    await close();
    await vi.waitFor(() => expect(completed).toBe(true), { ...AUDIO_WAIT, timeout: 2_000 });
  });

  it('refuses a bad format at once', () => {
    const { track } = realTrack();
    expect(() => trackFrames(track, { sampleRate: 0 })).toThrow(/sample rate/);
  });
});
