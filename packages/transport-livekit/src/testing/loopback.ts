/**
 * Test helpers: hearing what a local track plays, with no room. An rtc-node `AudioStream` over
 * a `LocalAudioTrack` receives the track's audio in real time, 10 ms at a time (silence while
 * nothing is queued), exactly as a subscriber would — measured here, see the README.
 */
import { AudioFrame, AudioSource, AudioStream, type Track } from '@livekit/rtc-node';
import { PcmFrame } from '@parley/core';

/**
 * How far a played position may be from what a loopback listener received, in ms. The native
 * source hands out whole 10 ms chunks while `queuedDuration` counts down continuously in whole
 * milliseconds: measured up to ~12 ms apart on an idle machine. With both cores saturated by
 * busy loops, the two drifted up to ~60 ms apart (the estimate assumes playout starts when JS
 * hands a frame over; a starved native thread starts it later), and the loopback listener once
 * missed 30 ms of a 340 ms utterance. CI machines have 2 cores and run suites side by side.
 */
export const PLAYED_TOLERANCE_MS = 80;

/** What a loopback listener received so far. */
export interface LoopbackListener {
  /** Frames received, silence included. */
  readonly frames: AudioFrame[];
  /** Samples louder than `threshold` (|x| > threshold; default 0: every non-silent one), over all frames. */
  loudSamples(threshold?: number): number;
  /** Samples equal to `value`: finds a marked frame. */
  samplesEqualTo(value: number): number;
  /** Stops listening; the stream is cancelled. */
  stop(): Promise<void>;
}

/** Listens to `track` through a loopback AudioStream at `sampleRate`, mono. */
export function listenLoopback(track: Track, sampleRate = 24_000): LoopbackListener {
  const reader = new AudioStream(track, { sampleRate, numChannels: 1 }).getReader();
  const frames: AudioFrame[] = [];
  const reading = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      frames.push(value);
    }
  })();
  const count = (test: (sample: number) => boolean) => frames.reduce((sum, frame) => sum + frame.data.filter(test).length, 0);
  return {
    frames,
    loudSamples: (threshold = 0) => count((s) => Math.abs(s) > threshold),
    samplesEqualTo: (value) => count((s) => s === value),
    stop: async () => {
      await reader.cancel();
      await reading;
    },
  };
}

/** A frame of `samples` samples all equal to `value` (constant audio survives the loopback exactly). */
export function constantFrame(samples: number, value: number, sampleRate = 24_000): PcmFrame {
  return new PcmFrame(new Int16Array(samples).fill(value), sampleRate);
}

/** As {@link constantFrame}, as an rtc-node AudioFrame. */
export function constantAudioFrame(samples: number, value: number, sampleRate = 24_000): AudioFrame {
  return new AudioFrame(new Int16Array(samples).fill(value), sampleRate, 1, samples);
}

/** Milliseconds since an arbitrary start, sub-millisecond. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * `vi.waitFor` options for audio to come through rtc-node: real time on a loaded machine, so a
 * 5 s bound, checked every 5 ms so that a wait ends close to the moment it could.
 */
export const AUDIO_WAIT = { timeout: 5_000, interval: 5 };

/** A source whose `captureFrame` calls are counted, with the most ever in flight at once. */
export function countCaptures(source: AudioSource): { calls: () => number; maxInFlight: () => number } {
  const original = source.captureFrame.bind(source);
  let calls = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  source.captureFrame = async (frame: AudioFrame) => {
    calls++;
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    try {
      await original(frame);
    } finally {
      inFlight--;
    }
  };
  return { calls: () => calls, maxInFlight: () => maxInFlight };
}
