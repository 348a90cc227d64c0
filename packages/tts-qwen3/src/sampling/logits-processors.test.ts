import { describe, expect, it } from 'vitest';
import {
  applyRepetitionPenalty,
  applyTemperature,
  applyTopK,
  applyTopP,
  argmax,
  kthLargest,
  maskToken,
  sampleFromLogits,
  softmax,
  suppressFrom,
} from './logits-processors.js';

const row = (...values: number[]) => Float32Array.from(values);
const list = (values: Float32Array) => Array.from(values);

describe('logits processors (HF semantics, docs/model.md#sampling)', () => {
  it('repetition penalty divides a positive logit and multiplies a negative one, once per distinct id', () => {
    const logits = row(2.1, -1, 0.5, 3);
    applyRepetitionPenalty(logits, [0, 1, 0, 0, 1], 1.05);
    expect(logits[0]).toBeCloseTo(2, 6);
    expect(logits[1]).toBeCloseTo(-1.05, 6);
    expect(list(logits.subarray(2))).toEqual([0.5, 3]);
  });

  it('masks one token', () => {
    const logits = row(1, 2, 3);
    maskToken(logits, 1);
    expect(list(logits)).toEqual([1, -Infinity, 3]);
  });

  it('suppresses every id from `from` on except the one kept (2048–3071 but EOS)', () => {
    const logits = new Float32Array(3072).fill(1);
    suppressFrom(logits, 2048, 2150);
    expect(logits.subarray(0, 2048).every((v) => v === 1)).toBe(true);
    expect(logits[2150]).toBe(1);
    expect(logits.subarray(2048).filter((v) => v === 1)).toHaveLength(1);
  });

  it('temperature divides', () => {
    const logits = row(1, -2);
    applyTemperature(logits, 0.5);
    expect(list(logits)).toEqual([2, -4]);
  });

  it('top-k keeps the k largest and ties with the k-th; 0 disables', () => {
    const logits = row(1, 5, 3, 3, 0);
    applyTopK(logits, 2);
    expect(list(logits)).toEqual([-Infinity, 5, 3, 3, -Infinity]);
    const untouched = row(1, 2);
    applyTopK(untouched, 0);
    expect(list(untouched)).toEqual([1, 2]);
  });

  it('finds the k-th largest value with repeats, as a full sort would', () => {
    const values = Float32Array.from({ length: 3072 }, (_, i) => Math.round(Math.sin(i * 7.3) * 40) / 4);
    for (const k of [1, 2, 50, 3000]) expect(kthLargest(values, k)).toBe(Float32Array.from(values).sort()[values.length - k]);
    expect(kthLargest(row(-Infinity, 1, -Infinity), 2)).toBe(-Infinity);
  });

  it('top-p keeps the smallest set whose probability exceeds p, always the most likely; 1 disables', () => {
    const logits = Float32Array.from([0.1, 0.2, 0.3, 0.4].map(Math.log));
    applyTopP(logits, 0.6); // drop ascending while cumulative ≤ 0.4: 0.1, then 0.1+0.2 = 0.3; 0.6 > 0.4 stops
    expect(list(logits).map((v) => v === -Infinity)).toEqual([true, true, false, false]);
    const tiny = Float32Array.from([0.1, 0.9].map(Math.log));
    applyTopP(tiny, 0.01);
    expect(list(tiny).map((v) => v === -Infinity)).toEqual([true, false]);
    const off = row(1, 2);
    applyTopP(off, 1);
    expect(list(off)).toEqual([1, 2]);
  });

  it('softmax ignores removed tokens; sampling follows the probabilities; argmax takes the first maximum', () => {
    expect(Array.from(softmax(row(0, -Infinity, 0)))).toEqual([0.5, 0, 0.5]);
    const logits = Float32Array.from([0.2, 0.3, 0.5].map(Math.log));
    expect([0, 0.19, 0.21, 0.49, 0.51, 0.999].map((u) => sampleFromLogits(logits, u))).toEqual([0, 0, 1, 1, 2, 2]);
    expect(sampleFromLogits(row(-Infinity, 0), 0)).toBe(1);
    expect(() => sampleFromLogits(row(-Infinity, -Infinity), 0.5)).toThrow();
    expect(argmax(row(1, 3, 3, 2))).toBe(1);
  });
});
