import fc from 'fast-check';
import { Subject, concat, from, lastValueFrom, take, throwError, toArray } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isParleyError } from '../errors.js';
import { PcmFrame } from './pcm-frame.js';
import { StreamingResampler, resample, type ResamplerQuality } from './resampler.js';

/** A -6 dBFS sine (or sum of sines), `channels` copies interleaved unless `silentRight`. */
function sine(rate: number, freqs: number[], frames: number, channels = 1, silentRight = false): Int16Array {
  const out = new Int16Array(frames * channels);
  for (let i = 0; i < frames; i++) {
    let value = 0;
    for (const f of freqs) value += Math.sin((2 * Math.PI * f * i) / rate) / freqs.length;
    out[i * channels] = Math.round(value * 16_000);
    if (channels > 1 && !silentRight) out[i * channels + 1] = out[i * channels]!;
  }
  return out;
}

function channel(samples: Int16Array, index: number, channels: number): Float64Array {
  const out = new Float64Array(samples.length / channels);
  for (let i = 0; i < out.length; i++) out[i] = samples[i * channels + index]!;
  return out;
}

/**
 * Fits a·sin + b·cos at `freq` by least squares over the steady part (edges skipped) and
 * returns the SNR of that fit and the lag, in output samples, against the ideal sine.
 */
function fitSine(y: Float64Array, rate: number, freq: number, skip: number): { snrDb: number; lag: number } {
  let ss = 0, cc = 0, sc = 0, ys = 0, yc = 0; // prettier-ignore
  const w = (2 * Math.PI * freq) / rate;
  for (let i = skip; i < y.length - skip; i++) {
    const s = Math.sin(w * i), c = Math.cos(w * i); // prettier-ignore
    ss += s * s; cc += c * c; sc += s * c; ys += y[i]! * s; yc += y[i]! * c; // prettier-ignore
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

/** Feeds `input` in chunks of the given frame counts (cycled), then flushes. */
function runChunked(r: StreamingResampler, input: Int16Array, chunkFrames: number[]): { out: Int16Array; joins: number[] } {
  const parts: Int16Array[] = [];
  const joins: number[] = [];
  let produced = 0;
  for (let start = 0, k = 0; start < input.length; k++) {
    const end = Math.min(input.length, start + chunkFrames[k % chunkFrames.length]! * r.channels);
    parts.push(r.push(input.subarray(start, end)));
    produced += parts.at(-1)!.length;
    joins.push(produced);
    start = end;
  }
  parts.push(r.flush());
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((offset, p) => (out.set(p, offset), offset + p.length), 0);
  return { out, joins };
}

async function resampleOnce(from: number, to: number, input: Int16Array, channels = 1, quality?: ResamplerQuality) {
  const r = await StreamingResampler.create({ fromRate: from, toRate: to, channels, quality });
  try {
    return runChunked(r, input, [Math.round(from / 50)]).out; // 20 ms chunks
  } finally {
    r.close();
  }
}

async function expectInvalid(promise: Promise<unknown>): Promise<void> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(isParleyError(error) && error.code).toBe('INVALID_INPUT');
}

const DIRECTIONS: Array<[number, number]> = [
  [24_000, 48_000], [48_000, 24_000], [24_000, 16_000], [16_000, 24_000], [16_000, 48_000], [48_000, 16_000], // prettier-ignore
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

describe('resample operator', () => {
  afterEach(() => vi.restoreAllMocks());

  const frames = (rate: number, count: number, channels = 1): PcmFrame[] => {
    const all = sine(rate, [1_000], (rate / 50) * count, channels);
    const size = (rate / 50) * channels;
    return Array.from({ length: count }, (_, i) => new PcmFrame(all.slice(i * size, (i + 1) * size), rate, channels));
  };
  const joined = (list: PcmFrame[]): Int16Array => {
    const out = new Int16Array(list.reduce((n, f) => n + f.data.length, 0));
    list.reduce((offset, f) => (out.set(f.data, offset), offset + f.data.length), 0);
    return out;
  };
  const closeSpy = () => vi.spyOn(StreamingResampler.prototype, 'close');

  it('emits non-empty frames in order, flushes the tail and closes on completion', async () => {
    const input = [...frames(24_000, 10), new PcmFrame(new Int16Array(0), 24_000), ...frames(24_000, 3)];
    const direct = await resampleOnce(24_000, 48_000, joined(input));
    const close = closeSpy();
    const out = await lastValueFrom(from(input).pipe(resample(48_000), toArray()));
    expect(out.every((f) => f.data.length > 0 && f.sampleRate === 48_000 && f.channels === 1)).toBe(true);
    expect(joined(out)).toEqual(direct); // same samples, same order, tail included
    expect(direct.length).toBe(13 * 960);
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('queues frames that arrive before the resampler exists', async () => {
    const subject = new Subject<PcmFrame>();
    const result = lastValueFrom(subject.pipe(resample(16_000), toArray()));
    const input = frames(48_000, 25, 2);
    for (const frame of input) subject.next(frame); // all synchronous: creation is still pending
    subject.complete();
    const out = await result;
    expect(joined(out)).toEqual(await resampleOnce(48_000, 16_000, joined(input), 2));
    expect(joined(out).length).toBe(25 * 320 * 2);
  });

  it('completes at once, creating nothing, for an empty stream', async () => {
    const create = vi.spyOn(StreamingResampler, 'create');
    expect(await lastValueFrom(from([] as PcmFrame[]).pipe(resample(48_000), toArray()))).toEqual([]);
    expect(create).not.toHaveBeenCalled();
  });

  it('passes upstream errors through unchanged and closes', async () => {
    const close = closeSpy();
    const boom = new Error('boom');
    const source = concat(from(frames(24_000, 3)), throwError(() => boom));
    await expect(lastValueFrom(source.pipe(resample(48_000)))).rejects.toBe(boom);
    await vi.waitFor(() => expect(close).toHaveBeenCalledTimes(1));
  });

  it.each([
    ['rate', new PcmFrame(new Int16Array(320), 16_000)],
    ['channel count', new PcmFrame(new Int16Array(960), 24_000, 2)],
  ])('errors with INVALID_INPUT when the %s changes mid-stream, and closes', async (_, odd) => {
    const close = closeSpy();
    const subject = new Subject<PcmFrame>();
    const received: PcmFrame[] = [];
    const result = new Promise<void>((resolve, reject) => {
      subject.pipe(resample(48_000)).subscribe({ next: (f) => received.push(f), error: reject, complete: () => resolve() });
    });
    subject.next(frames(24_000, 1)[0]!);
    await vi.waitFor(() => expect(received).toHaveLength(1)); // the resampler exists now
    subject.next(odd);
    await expectInvalid(result);
    expect(close).toHaveBeenCalledTimes(1);
    expect(subject.observed).toBe(false);
  });

  it('closes on unsubscribe, also when creation is still pending', async () => {
    const close = closeSpy();
    const subject = new Subject<PcmFrame>();
    const early = subject.pipe(resample(48_000)).subscribe();
    subject.next(frames(24_000, 1)[0]!);
    early.unsubscribe(); // before the resampler exists
    await vi.waitFor(() => expect(close).toHaveBeenCalledTimes(1));

    const first = lastValueFrom(subject.pipe(resample(48_000), take(1)));
    for (const frame of frames(24_000, 5)) subject.next(frame);
    expect((await first).sampleRate).toBe(48_000);
    expect(close).toHaveBeenCalledTimes(2);
    expect(subject.observed).toBe(false);
  });

  it('rejects a bad target rate at once', () => {
    expect(() => resample(0)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
