import type * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLES_PER_FRAME, SAMPLE_RATE_HZ } from '@parley/qwen3-contract';
import { CODEBOOK_SIZE, NUM_CODE_GROUPS } from '../contract.js';
import { fnv1a32, mulberry32 } from '../weights/prng.js';
import { float32, floats, freshStandin, int64, maxAbsDiff, openGraph, removeTemporaryDirs } from '../testing/ort.js';

let decoder: ort.InferenceSession;
let encoder: ort.InferenceSession;

beforeAll(async () => {
  const dir = await freshStandin();
  [decoder, encoder] = await Promise.all([openGraph(dir, 'tokenizer12hz_decode'), openGraph(dir, 'tokenizer12hz_encode')]);
});

afterAll(removeTemporaryDirs);

/** `frames` random frames of 16 codes in 0..2047. */
function randomCodes(frames: number, seed: number): number[] {
  const next = mulberry32(seed);
  return Array.from({ length: frames * NUM_CODE_GROUPS }, () => next() % CODEBOOK_SIZE);
}

async function decode(codes: readonly number[]) {
  const frames = codes.length / NUM_CODE_GROUPS;
  const out = await decoder.run({ audio_codes: int64(codes, [1, frames, NUM_CODE_GROUPS]) });
  return { samples: floats(out.audio_values), dims: out.audio_values!.dims, lengths: out.lengths!.data as BigInt64Array };
}

/** Frames [from, to) of a code sequence. */
const frameSlice = (codes: readonly number[], from: number, to: number) => codes.slice(from * NUM_CODE_GROUPS, to * NUM_CODE_GROUPS);

describe('tokenizer12hz_decode (the real decoder at the stand-in widths)', () => {
  it('returns F·1920 samples in [-1, 1], quiet but audible, and lengths = F·1920', async () => {
    const { samples, dims, lengths } = await decode(randomCodes(12, 31));
    expect(dims).toEqual([1, 12 * SAMPLES_PER_FRAME]);
    expect(lengths).toEqual(BigInt64Array.of(BigInt(12 * SAMPLES_PER_FRAME)));
    expect(samples.every((s) => s > -1 && s < 1)).toBe(true); // never clipped
    const rms = Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / samples.length);
    expect(rms).toBeGreaterThan(0.01);
    expect(rms).toBeLessThan(0.3);
  });

  it('is causal: a prefix of the frames decodes to the same samples as in the whole decode', async () => {
    const codes = randomCodes(20, 32);
    const whole = (await decode(codes)).samples;
    const prefix = (await decode(frameSlice(codes, 0, 9))).samples;
    expect(maxAbsDiff(prefix, whole.subarray(0, 9 * SAMPLES_PER_FRAME))).toBeLessThan(1e-6);
  });

  it('left context matters: a chunk decoded without the frames before it differs from the whole decode', async () => {
    const codes = randomCodes(10, 33);
    const whole = (await decode(codes)).samples;
    const chunk = (await decode(frameSlice(codes, 5, 10))).samples;
    const firstFrame = (data: Float32Array, at: number) => data.subarray(at, at + SAMPLES_PER_FRAME);
    expect(maxAbsDiff(firstFrame(chunk, 0), firstFrame(whole, 5 * SAMPLES_PER_FRAME))).toBeGreaterThan(1e-4);
  });
});

describe('tokenizer12hz_encode', () => {
  /** A 220 Hz tone with a little deterministic noise, `seconds` long at 24 kHz. */
  function tone(samples: number): Float32Array {
    const next = mulberry32(fnv1a32('tone'));
    return Float32Array.from(
      { length: samples },
      (_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / SAMPLE_RATE_HZ) + 0.05 * (next() / 2 ** 32 - 0.5),
    );
  }

  it('cuts floor(n/1920) whole frames into 16 codes each, every code in 0..2047, and reports lengths = F', async () => {
    const n = Math.floor(3.5 * SAMPLES_PER_FRAME);
    const out = await encoder.run({ input_values: float32(tone(n), [1, n]) });
    expect(out.audio_codes!.dims).toEqual([1, 3, NUM_CODE_GROUPS]);
    expect(out.lengths!.data).toEqual(BigInt64Array.of(3n));
    const codes = Array.from(out.audio_codes!.data as BigInt64Array, Number);
    expect(codes.every((c) => Number.isInteger(c) && c >= 0 && c < CODEBOOK_SIZE)).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(NUM_CODE_GROUPS); // spread over the range, not one value
  });

  it('encodes then decodes: the codes it makes are valid decoder input', async () => {
    const n = 4 * SAMPLES_PER_FRAME;
    const encoded = await encoder.run({ input_values: float32(tone(n), [1, n]) });
    const decoded = await decoder.run({ audio_codes: encoded.audio_codes! });
    expect(decoded.audio_values!.dims).toEqual([1, n]);
  });
});
