import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isParleyError } from '../errors.js';
import { StreamingResampler, type ResamplerQuality } from './resampler.js';
import { channel, resampleOnce, runChunked, sine } from './testing/pcm-signals.js';

/**
 * Fits a·sin + b·cos at `freq` by least squares over the steady part (edges skipped) and
 * returns the SNR of that fit and the lag, in output samples, against the ideal sine.
 */
function fitSine(y: Float64Array, rate: number, freq: number, skip: number): { snrDb: number; lag: number } {
  let ss = 0, cc = 0, sc = 0, ys = 0, yc = 0; // prettier-ignore
  const w = (2 * Math.PI * freq) / rate;
  for (let i = skip; i < y.length - skip; i++) {
    const s = Math.sin(w * i), c = Math.cos(w * i); // prettier-ignore
    ss += s * s;
    cc += c * c;
    sc += s * c;
    ys += y[i]! * s;
    yc += y[i]! * c; // prettier-ignore
  }
  const det = ss * cc - sc * sc;
  const a = (ys * cc - yc * sc) / det;
  const b = (yc * ss - ys * sc) / det;
  let signal = 0, noise = 0; // prettier-ignore
  for (let i = skip; i < y.length - skip; i++) {
    const model = a * Math.sin(w * i) + b * Math.cos(w * i);
    signal += model * model;
    noise += (y[i]! - model) ** 2;
  }
  // a·sin(wi) + b·cos(wi) = r·sin(wi + φ): a lag of d samples is φ = -w·d.
  return { snrDb: 10 * Math.log10(signal / noise), lag: -Math.atan2(b, a) / w };
}

async function expectInvalid(promise: Promise<unknown>): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isParleyError(error) && error.code).toBe('INVALID_INPUT');
}

const DIRECTIONS: Array<[number, number]> = [
  [24_000, 48_000],
  [48_000, 24_000],
  [24_000, 16_000],
  [16_000, 24_000],
  [16_000, 48_000],
  [48_000, 16_000], // prettier-ignore
];

describe('StreamingResampler quality', () => {
  for (const [from, to] of [...DIRECTIONS, [8_000, 16_000], [22_050, 48_000], [44_100, 16_000]] as const) {
    it(`keeps a 1 kHz and a 3 kHz sine ≥ 60 dB clean and time-aligned, ${from} → ${to}`, async () => {
      for (const freq of [1_000, 3_000]) {
        const out = await resampleOnce(from, to, sine(from, [freq], from)); // 1 s
        const { snrDb, lag } = fitSine(channel(out, 0, 1), to, freq, Math.round(to / 50));
        expect(snrDb).toBeGreaterThanOrEqual(60);
        expect(Math.abs(lag)).toBeLessThan(1); // libsamplerate compensates its filter delay
      }
    });
  }

  for (const quality of ['best', 'medium', 'fastest'] as const) {
    it(`quality ${quality} also passes 60 dB, 24k → 48k`, async () => {
      const out = await resampleOnce(24_000, 48_000, sine(24_000, [3_000], 24_000), 1, quality);
      expect(fitSine(channel(out, 0, 1), 48_000, 3_000, 2_000).snrDb).toBeGreaterThanOrEqual(60);
    });
  }
});

describe('StreamingResampler streaming', () => {
  it('gives the same output, without clicks, whatever the chunking', async () => {
    const input = sine(24_000, [440, 1_300], 12_000);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...DIRECTIONS),
        fc.array(fc.integer({ min: 1, max: 3_000 }), { minLength: 1, maxLength: 20 }),
        async ([from, to], chunks) => {
          const signal = from === 24_000 ? input : sine(from, [440, 1_300], from / 2);
          const whole = await resampleOnce(from, to, signal);
          const r = await StreamingResampler.create({ fromRate: from, toRate: to });
          const { out, joins } = runChunked(r, signal, chunks);
          r.close();
          expect(out.length).toBe(whole.length);
          let maxStep = 0, maxDiff = 0; // prettier-ignore
          for (let i = 1; i < whole.length; i++) maxStep = Math.max(maxStep, Math.abs(whole[i]! - whole[i - 1]!));
          for (let i = 0; i < out.length; i++) maxDiff = Math.max(maxDiff, Math.abs(out[i]! - whole[i]!));
          expect(maxDiff).toBeLessThanOrEqual(1);
          for (const j of joins.filter((j) => j > 0 && j < out.length)) {
            expect(Math.abs(out[j]! - out[j - 1]!)).toBeLessThanOrEqual(maxStep);
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('outputs round(input × ratio) frames in all after flush', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...DIRECTIONS, [22_050, 48_000] as [number, number]),
        fc.constantFrom<ResamplerQuality>('best', 'medium', 'fastest'),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 1, max: 2_000 }),
        async ([from, to], quality, frames, chunk) => {
          const r = await StreamingResampler.create({ fromRate: from, toRate: to, quality });
          const { out } = runChunked(r, sine(from, [1_000], frames), [chunk]);
          r.close();
          expect(out.length).toBe(Math.round((frames * to) / from));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('keeps stereo channels apart: a silent right channel stays silent', async () => {
    const input = sine(24_000, [1_000], 24_000, 2, true);
    const out = await resampleOnce(24_000, 48_000, input, 2);
    expect(out.length).toBe(48_000 * 2);
    expect(channel(out, 1, 2).every((v) => v === 0)).toBe(true);
    expect(fitSine(channel(out, 0, 2), 48_000, 1_000, 1_000).snrDb).toBeGreaterThanOrEqual(60);
  });

  it('returns tight arrays, and copies when the rates are equal', async () => {
    const up = await StreamingResampler.create({ fromRate: 16_000, toRate: 48_000 });
    const out = up.push(sine(16_000, [500], 320));
    expect(out.byteOffset).toBe(0);
    expect(out.buffer.byteLength).toBe(out.byteLength);
    const same = await StreamingResampler.create({ fromRate: 16_000, toRate: 16_000, channels: 2 });
    const input = sine(16_000, [500], 320, 2);
    const copy = same.push(input.subarray(2));
    expect(copy).toEqual(input.subarray(2));
    expect(copy.buffer).not.toBe(input.buffer);
    expect(same.flush()).toHaveLength(0);
  });
});

describe('StreamingResampler misuse', () => {
  it.each([
    [{ fromRate: 0, toRate: 16_000 }],
    [{ fromRate: 24_000.5, toRate: 16_000 }],
    [{ fromRate: Number.NaN, toRate: 16_000 }],
    [{ fromRate: 24_000, toRate: -1 }],
    [{ fromRate: 24_000, toRate: 400_000 }],
    [{ fromRate: 100, toRate: 48_000 }], // ratio 480 > 256
    [{ fromRate: 24_000, toRate: 16_000, channels: 0 }],
    [{ fromRate: 24_000, toRate: 16_000, channels: 129 }],
    [{ fromRate: 24_000, toRate: 16_000, quality: 'ultra' as ResamplerQuality }],
  ])('rejects %o with INVALID_INPUT', async (options) => {
    await expectInvalid(StreamingResampler.create(options));
  });

  it('refuses partial frames, and use after flush or close; close is idempotent', async () => {
    const r = await StreamingResampler.create({ fromRate: 24_000, toRate: 48_000, channels: 2 });
    expect(() => r.push(new Int16Array(3))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    r.push(new Int16Array(4));
    r.flush();
    expect(() => r.push(new Int16Array(4))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    r.close();
    r.close();
    expect(r.closed).toBe(true);
    expect(() => r.flush()).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
