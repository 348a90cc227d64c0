import { describe, expect, it } from 'vitest';
import { concatSamples, float32ToInt16, int16ToFloat32 } from './sample-format.js';

describe('float32 ↔ int16', () => {
  it('maps the full range and clips what lies outside it instead of wrapping', () => {
    const out = float32ToInt16(new Float32Array([0, 1, -1, 0.5, 1.7, -3, Number.NaN, Infinity, -Infinity]));
    expect([...out]).toEqual([0, 32767, -32768, 16384, 32767, -32768, 0, 32767, -32768]);
  });

  it('round-trips every int16 value exactly', () => {
    const all = new Int16Array(65536);
    for (let i = 0; i < all.length; i++) all[i] = i - 32768;
    expect(float32ToInt16(int16ToFloat32(all))).toEqual(all);
  });

  it('keeps float values inside [-1, 1]', () => {
    const floats = int16ToFloat32(new Int16Array([-32768, 32767]));
    expect(floats[0]).toBe(-1);
    expect(floats[1]).toBe(1);
  });
});

describe('concatSamples', () => {
  it('joins parts in order into a new array of the requested type', () => {
    const joined = concatSamples([new Int16Array([1, 2]), new Int16Array(0), new Int16Array([3])], (n) => new Int16Array(n));
    expect(joined).toEqual(new Int16Array([1, 2, 3]));
  });
});
