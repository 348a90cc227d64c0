import { StreamingResampler, type ResamplerQuality } from '../resampler.js';

/** A -6 dBFS sine (or sum of sines), `channels` copies interleaved unless `silentRight`. */
export function sine(rate: number, freqs: number[], frames: number, channels = 1, silentRight = false): Int16Array {
  const out = new Int16Array(frames * channels);
  for (let i = 0; i < frames; i++) {
    let value = 0;
    for (const f of freqs) value += Math.sin((2 * Math.PI * f * i) / rate) / freqs.length;
    out[i * channels] = Math.round(value * 16_000);
    if (channels > 1 && !silentRight) out[i * channels + 1] = out[i * channels]!;
  }
  return out;
}

/** One channel of interleaved samples, as floats. */
export function channel(samples: Int16Array, index: number, channels: number): Float64Array {
  const out = new Float64Array(samples.length / channels);
  for (let i = 0; i < out.length; i++) out[i] = samples[i * channels + index]!;
  return out;
}

/** Feeds `input` in chunks of the given frame counts (cycled), then flushes. */
export function runChunked(r: StreamingResampler, input: Int16Array, chunkFrames: number[]): { out: Int16Array; joins: number[] } {
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

/** Resamples `input` in 20 ms chunks with a fresh resampler, flushed and closed. */
export async function resampleOnce(
  from: number,
  to: number,
  input: Int16Array,
  channels = 1,
  quality?: ResamplerQuality,
): Promise<Int16Array> {
  const r = await StreamingResampler.create({ fromRate: from, toRate: to, channels, quality });
  try {
    return runChunked(r, input, [Math.round(from / 50)]).out; // 20 ms chunks
  } finally {
    r.close();
  }
}
