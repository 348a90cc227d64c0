import { setTimeout as delay } from 'node:timers/promises';
import { PcmFrame, resample } from '@parley/core';
import { lastValueFrom, map, toArray, type Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { VAD_SAMPLE_RATE_HZ } from './silero/model-file.js';
import { SileroVad } from './silero/silero-vad.js';
import { chunked, join, mix, noise, silence, speak, trimmed } from './testing/speech-fixture.js';
import type { SpeechEndEvent, SpeechProbability, VadEvent } from './vad-events.js';
import { vad } from './vad.js';

/** How far a detected bound may sit from the energy-measured one. */
const TOLERANCE_MS = 150;
/** Low background noise under the speech: -60 dBFS, a quiet room. */
const ROOM_NOISE_DBFS = -60;

let detector: SileroVad;
let fox: PcmFrame;
let hello: PcmFrame;
let question: PcmFrame;
const accuracy: string[] = [];

beforeAll(async () => {
  detector = await SileroVad.load();
  // Trimmed to their energy bounds, so where each is placed in a clip is where its speech is.
  fox = trimmed(await speak('The quick brown fox jumps over the lazy dog.'));
  hello = trimmed(await speak('Hello there.'));
  question = trimmed(await speak('What time is it?'));
});

afterAll(async () => {
  await detector?.dispose();
  console.log(`VAD accuracy on text2wav speech (detected − true, ms):\n  ${accuracy.join('\n  ')}`);
});

function detect(audio: Observable<PcmFrame>): Promise<VadEvent[]> {
  return lastValueFrom(audio.pipe(vad({ detector }), toArray()));
}

function ends(events: (VadEvent | SpeechProbability)[]): SpeechEndEvent[] {
  return events.filter((event): event is SpeechEndEvent => event.type === 'speech-end');
}

/** Checks one segment against the true bounds and notes the error for the report. */
function expectSegment(end: SpeechEndEvent, trueStartMs: number, trueEndMs: number, label: string): void {
  const startMs = end.atMs - end.durationMs;
  accuracy.push(`${label}: start ${Math.round(startMs - trueStartMs)}, end ${Math.round(end.atMs - trueEndMs)}`);
  expect(Math.abs(startMs - trueStartMs)).toBeLessThanOrEqual(TOLERANCE_MS);
  expect(Math.abs(end.atMs - trueEndMs)).toBeLessThanOrEqual(TOLERANCE_MS);
}

describe('vad on real speech', () => {
  test('one sentence between silences, over low noise, is exactly one segment at the speech bounds', async () => {
    const clip = mix(join(silence(1000), fox, silence(1500)), noise(1000, ROOM_NOISE_DBFS));
    const events = await detect(chunked(clip));
    expect(events.map((event) => event.type)).toEqual(['speech-start', 'speech-end']);
    const [start, end] = events as [VadEvent & { type: 'speech-start' }, SpeechEndEvent];
    expectSegment(end, 1000, 1000 + fox.durationMs, '22.05 kHz mono, one sentence');
    expect(start.atMs).toBe(end.atMs - end.durationMs);
    expect(start.detectedAtMs - start.atMs).toBeGreaterThanOrEqual(250); // minSpeechMs
    // The segment's audio, for STT: 16 kHz mono, exactly the segment.
    expect(end.audio.sampleRate).toBe(VAD_SAMPLE_RATE_HZ);
    expect(end.audio.channels).toBe(1);
    expect(end.audio.durationMs).toBeCloseTo(end.durationMs, 0);
  });

  test('the same clip at 48 kHz stereo gives the same segment', async () => {
    const clip = mix(join(silence(1000), fox, silence(1500)), noise(1000, ROOM_NOISE_DBFS));
    const stereo48k = chunked(clip).pipe(resample(48_000), map(toStereo));
    const segments = ends(await detect(stereo48k));
    expect(segments).toHaveLength(1);
    expectSegment(segments[0]!, 1000, 1000 + fox.durationMs, '48 kHz stereo, one sentence');
  });

  test('pure silence and low white noise are no speech', async () => {
    expect(await detect(chunked(silence(3000)))).toEqual([]);
    expect(await detect(chunked(noise(3000, -40)))).toEqual([]);
  });

  test('two utterances 1 s apart are two segments', async () => {
    const clip = mix(join(silence(800), hello, silence(1000), question, silence(1200)), noise(1000, ROOM_NOISE_DBFS));
    const segments = ends(await detect(chunked(clip)));
    expect(segments).toHaveLength(2);
    const secondStart = 800 + hello.durationMs + 1000;
    expectSegment(segments[0]!, 800, 800 + hello.durationMs, 'two utterances, first');
    expectSegment(segments[1]!, secondStart, secondStart + question.durationMs, 'two utterances, second');
  });

  test('a pause shorter than minSilenceMs leaves one segment', async () => {
    const clip = mix(join(silence(800), hello, silence(250), question, silence(1200)), noise(1000, ROOM_NOISE_DBFS));
    const segments = ends(await lastValueFrom(chunked(clip).pipe(vad({ detector, minSilenceMs: 500 }), toArray())));
    expect(segments).toHaveLength(1);
    expectSegment(segments[0]!, 800, 800 + hello.durationMs + 250 + question.durationMs, 'pause of 250 ms');
  });

  test('probabilities come one per 32 ms window, and without a detector the operator runs its own', async () => {
    const clip = join(silence(500), question, silence(700));
    const events = await lastValueFrom(chunked(clip).pipe(vad({ probabilities: true }), toArray()));
    const probabilities = events.filter((event): event is SpeechProbability => event.type === 'probability');
    expect(probabilities).toHaveLength(Math.ceil(clip.durationMs / 32));
    expect(probabilities.map((p) => p.atMs).slice(0, 3)).toEqual([32, 64, 96]);
    expect(Math.max(...probabilities.map((p) => p.probability))).toBeGreaterThan(0.9);
    expect(probabilities.some((p) => p.speaking)).toBe(true);
    expect(ends(events)).toHaveLength(1);
  });
});

describe('vad cancellation', () => {
  test('unsubscribing stops the ONNX runs: queued windows are skipped, nothing more is emitted', async () => {
    // A minute of speech at 16 kHz, so the main thread posts its ~1,900 windows at once (no
    // resampling) and the worker, at ~0.5 ms a window, holds a long backlog when the cancel lands.
    const speech16k = await lastValueFrom(chunked(join(fox, silence(500))).pipe(resample(VAD_SAMPLE_RATE_HZ), toArray()));
    const long = join(...Array.from({ length: 20 }, () => join(...speech16k)));
    const before = detector.runsStarted();
    let emitted = 0;
    let runsAtCancel = 0;
    await new Promise<void>((resolve, reject) => {
      const subscription = chunked(long)
        .pipe(vad({ detector, probabilities: true }))
        .subscribe({
          next: () => {
            emitted++;
            runsAtCancel = detector.runsStarted();
            subscription.unsubscribe(); // every window is already queued in the worker
            resolve();
          },
          error: reject,
        });
    });
    await delay(500); // time for more runs, were the worker still going
    const windows = Math.ceil(long.durationMs / 32);
    const runsAfter = detector.runsStarted();
    expect(emitted).toBe(1);
    // At most the run that was under way when the cancel landed, and no later one.
    expect(runsAfter - runsAtCancel).toBeLessThanOrEqual(1);
    expect(runsAfter - before).toBeLessThan(windows / 2);
  });
});

function toStereo(frame: PcmFrame): PcmFrame {
  const stereo = new Int16Array(frame.data.length * 2);
  frame.data.forEach((sample, i) => {
    stereo[2 * i] = sample;
    stereo[2 * i + 1] = sample;
  });
  return new PcmFrame(stereo, frame.sampleRate, 2);
}
