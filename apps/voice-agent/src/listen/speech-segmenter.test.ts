import { describe, expect, test } from 'vitest';
import { SpeechRecorder } from './speech-recorder.js';
import { SpeechSegmenter, type SegmentBoundary } from './speech-segmenter.js';
import { resolveVadOptions, type SegmentationOptions } from './vad-options.js';

const WINDOW_MS = 32;

/** Feeds one probability per 32 ms window, then ends the input; returns every boundary. */
function segment(probabilities: number[], options: SegmentationOptions = {}, finish = true): SegmentBoundary[] {
  const segmenter = new SpeechSegmenter(resolveVadOptions({ speechPadMs: 0, ...options }));
  const found = probabilities.flatMap((p, i) => segmenter.push(p, i * WINDOW_MS, (i + 1) * WINDOW_MS));
  return finish ? [...found, ...segmenter.finish(probabilities.length * WINDOW_MS)] : found;
}

/** `n` windows of probability `p`. */
const run = (n: number, p: number) => Array<number>(n).fill(p);

describe('SpeechSegmenter', () => {
  test('speech of minSpeechMs is confirmed at its start and ends at the first silent window', () => {
    const found = segment([...run(5, 0), ...run(10, 0.9), ...run(20, 0)], { minSpeechMs: 250, minSilenceMs: 500 }, false);
    // 8 windows (256 ms) of speech reach minSpeechMs: confirmed at the end of window 12.
    expect(found).toEqual([
      { type: 'start', atMs: 5 * WINDOW_MS, detectedAtMs: 13 * WINDOW_MS },
      { type: 'end', startMs: 5 * WINDOW_MS, atMs: 15 * WINDOW_MS },
    ]);
  });

  test('a blip shorter than minSpeechMs is dropped without a word', () => {
    expect(segment([...run(3, 0), ...run(5, 0.95), ...run(30, 0)], { minSpeechMs: 250 })).toEqual([]);
  });

  test('a pause shorter than minSilenceMs keeps one segment', () => {
    const found = segment([...run(10, 0.9), ...run(10, 0.05), ...run(10, 0.9), ...run(20, 0)], { minSilenceMs: 500 });
    expect(found.map((b) => b.type)).toEqual(['start', 'end']);
    expect(found[1]).toMatchObject({ startMs: 0, atMs: 30 * WINDOW_MS });
  });

  test('a pause of minSilenceMs splits the speech in two', () => {
    const found = segment([...run(10, 0.9), ...run(16, 0.05), ...run(10, 0.9), ...run(20, 0)], { minSilenceMs: 500 });
    expect(found.filter((b) => b.type === 'end')).toEqual([
      { type: 'end', startMs: 0, atMs: 10 * WINDOW_MS },
      { type: 'end', startMs: 26 * WINDOW_MS, atMs: 36 * WINDOW_MS },
    ]);
  });

  test('hysteresis: probabilities between the thresholds neither start nor end speech', () => {
    // 0.4 is below threshold 0.5 but above negativeThreshold 0.35.
    expect(segment(run(40, 0.4))).toEqual([]);
    const found = segment([...run(10, 0.9), ...run(30, 0.4), ...run(20, 0)], { minSilenceMs: 500 });
    expect(found.at(-1)).toEqual({ type: 'end', startMs: 0, atMs: 40 * WINDOW_MS });
  });

  test('speechPadMs widens a segment, but not before 0 nor past the audio seen', () => {
    const found = segment([...run(1, 0), ...run(10, 0.9)], { speechPadMs: 100 });
    expect(found).toEqual([
      { type: 'start', atMs: 0, detectedAtMs: 9 * WINDOW_MS },
      { type: 'end', startMs: 0, atMs: 11 * WINDOW_MS },
    ]);
  });

  test('end of input closes an open segment; an unconfirmed one is dropped', () => {
    expect(segment(run(12, 0.9)).at(-1)).toEqual({ type: 'end', startMs: 0, atMs: 12 * WINDOW_MS });
    expect(segment(run(3, 0.9))).toEqual([]);
  });

  test('keepFromMs reaches back to the open segment start minus the pad', () => {
    const segmenter = new SpeechSegmenter(resolveVadOptions({ speechPadMs: 40 }));
    segmenter.push(0, 0, 32);
    expect(segmenter.keepFromMs).toBe(0);
    segmenter.push(0, 32, 64);
    expect(segmenter.keepFromMs).toBe(24);
    segmenter.push(0.9, 64, 96);
    segmenter.push(0.9, 96, 128);
    expect(segmenter.keepFromMs).toBe(24);
  });
});

describe('resolveVadOptions', () => {
  test('defaults follow Silero: 0.5, 0.35, 250 ms, 500 ms, 30 ms', () => {
    expect(resolveVadOptions()).toEqual({ threshold: 0.5, negativeThreshold: 0.35, minSpeechMs: 250, minSilenceMs: 500, speechPadMs: 30 });
    expect(resolveVadOptions({ threshold: 0.7 }).negativeThreshold).toBeCloseTo(0.55);
  });

  test('bad values are INVALID_INPUT', () => {
    expect(() => resolveVadOptions({ threshold: 1.5 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => resolveVadOptions({ threshold: 0.5, negativeThreshold: 0.6 })).toThrow(/negativeThreshold/);
    expect(() => resolveVadOptions({ minSilenceMs: -1 })).toThrow(/minSilenceMs/);
  });
});

describe('SpeechRecorder', () => {
  test('cuts a span across windows and pads what it no longer holds with silence', () => {
    const recorder = new SpeechRecorder(1000); // 1 sample per ms keeps the arithmetic visible
    for (let w = 0; w < 4; w++)
      recorder.push(
        Int16Array.from({ length: 10 }, (_, i) => w * 10 + i),
        w * 10,
      );
    expect([...recorder.take(5, 25).data]).toEqual(Array.from({ length: 20 }, (_, i) => i + 5));
    recorder.trim(20);
    expect([...recorder.take(15, 25).data]).toEqual([0, 0, 0, 0, 0, 20, 21, 22, 23, 24]);
  });
});
