import { float32ToInt16, int16ToFloat32 } from '@parley/core';
import { describe, expect, it } from 'vitest';
import { referenceAt24k } from './resample-reference.js';

const sine = (hz: number, seconds: number, rate: number) =>
  float32ToInt16(Float32Array.from({ length: seconds * rate }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate)));
/** Upward zero crossings per second, in the middle second (away from the filter's edges). */
function frequency(samples: Float32Array, rate: number): number {
  let crossings = 0;
  for (let i = rate / 2; i < (rate * 3) / 2; i++) if (samples[i - 1]! < 0 && samples[i]! >= 0) crossings++;
  return crossings;
}

describe('referenceAt24k', () => {
  it('resamples 22.05 kHz and 48 kHz to 24 kHz, keeping the length in time and the pitch', async () => {
    for (const rate of [22_050, 48_000]) {
      const out = await referenceAt24k({ samples: sine(1000, 2, rate), sampleRate: rate });
      expect(out.length).toBe(48_000);
      expect(frequency(out, 24_000)).toBe(1000);
      const peak = out.subarray(12_000, 36_000).reduce((max, v) => Math.max(max, Math.abs(v)), 0);
      expect(peak).toBeCloseTo(0.5, 2);
    }
  });

  it('passes 24 kHz through as floats, untouched', async () => {
    const samples = sine(440, 1, 24_000);
    expect(await referenceAt24k({ samples, sampleRate: 24_000 })).toEqual(int16ToFloat32(samples));
  });
});
