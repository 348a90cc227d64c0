import { describe, expect, it } from 'vitest';
import { Prng, segmentSeed } from './prng.js';

describe('Prng', () => {
  it('repeats for a seed, differs between seeds (including ones that differ only above 32 bits)', () => {
    const take = (seed: number) =>
      Array.from(
        { length: 8 },
        (
          (p) => () =>
            p.nextUint32()
        )(new Prng(seed)),
      );
    expect(take(42)).toEqual(take(42));
    expect(take(42)).not.toEqual(take(43));
    expect(take(5)).not.toEqual(take(5 + 2 ** 32));
  });

  it('gives floats in [0, 1) with a flat mean', () => {
    const prng = new Prng(7);
    const values = Array.from({ length: 10_000 }, () => prng.nextFloat());
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(Math.abs(values.reduce((a, b) => a + b, 0) / values.length - 0.5)).toBeLessThan(0.02);
  });

  it('rejects a seed that is not a safe integer', () => {
    expect(() => new Prng(1.5)).toThrow(RangeError);
  });

  it('seeds each segment differently but reproducibly', () => {
    expect(segmentSeed(9, 0)).toBe(segmentSeed(9, 0));
    expect(segmentSeed(9, 0)).not.toBe(segmentSeed(9, 1));
  });
});
