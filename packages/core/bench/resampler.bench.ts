import { StreamingResampler, type ResamplerQuality } from '../src/audio/resampler.js';
import { decodeWav, encodeWav } from '../src/audio/wav.js';
import { median, timeRuns, type BenchRow } from '../../../bench/table.js';

const AUDIO_SECONDS = 60;
const CHUNK_MS = 20;
const RUNS = 3;

const DIRECTIONS: ReadonlyArray<[number, number]> = [
  [24_000, 48_000],
  [48_000, 24_000],
  [24_000, 16_000],
  [16_000, 24_000],
  [16_000, 48_000],
  [48_000, 16_000],
];

/** 60 s of a two-tone signal with some noise, so the filter sees realistic, non-silent input. */
function testSignal(rate: number): Int16Array {
  const out = new Int16Array(rate * AUDIO_SECONDS);
  let seed = 1;
  for (let i = 0; i < out.length; i++) {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fff_ffff;
    const tone = Math.sin((2 * Math.PI * 220 * i) / rate) + 0.5 * Math.sin((2 * Math.PI * 1_700 * i) / rate);
    out[i] = Math.round(8_000 * tone + (seed / 0x7fff_ffff - 0.5) * 2_000);
  }
  return out;
}

function chunks(samples: Int16Array, rate: number): Int16Array[] {
  const size = (rate * CHUNK_MS) / 1_000;
  const out: Int16Array[] = [];
  for (let i = 0; i < samples.length; i += size) out.push(samples.slice(i, i + size));
  return out;
}

async function resampleRow(from: number, to: number, quality: ResamplerQuality): Promise<BenchRow> {
  const input = chunks(testSignal(from), from);
  // One resampler across runs: its state carrying over is exactly the streaming case.
  const resampler = await StreamingResampler.create({ fromRate: from, toRate: to, quality });
  const ms = median(timeRuns(RUNS, () => input.forEach((chunk) => resampler.push(chunk))));
  resampler.close();
  return {
    case: `resample ${from / 1_000}k→${to / 1_000}k (${quality})`,
    'ms / 60 s': ms,
    'µs / 20 ms chunk': (ms * 1_000) / input.length,
    'x realtime': (AUDIO_SECONDS * 1_000) / ms,
  };
}

async function createRow(): Promise<BenchRow> {
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const start = performance.now();
    const resampler = await StreamingResampler.create({ fromRate: 24_000, toRate: 48_000 });
    times.push(performance.now() - start);
    resampler.close();
  }
  return { case: 'StreamingResampler.create (24k→48k)', 'ms each': median(times) };
}

function wavRows(): BenchRow[] {
  const samples = testSignal(24_000);
  let file: Uint8Array = new Uint8Array(0);
  const encodeMs = median(timeRuns(RUNS, () => (file = encodeWav(samples, { sampleRate: 24_000 }))));
  const decodeMs = median(timeRuns(RUNS, () => decodeWav(file)));
  const floats = Float32Array.from(samples, (s) => s / 32_768);
  const floatMs = median(timeRuns(RUNS, () => encodeWav(floats, { sampleRate: 24_000 })));
  const row = (name: string, ms: number): BenchRow => ({
    case: name,
    'ms / 60 s': ms,
    'x realtime': (AUDIO_SECONDS * 1_000) / ms,
  });
  return [row('encodeWav 60 s int16 24k', encodeMs), row('encodeWav 60 s float32 24k', floatMs), row('decodeWav 60 s int16 24k', decodeMs)];
}

/**
 * Measures resampling speed per direction (default quality, 20 ms chunks over 60 s of audio) as
 * a multiple of real time (audio seconds per wall second; median of {@link RUNS} runs after a
 * warm-up), the cost of creating a resampler, and WAV encode/decode of 60 s.
 */
export async function runResamplerBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const [from, to] of DIRECTIONS) rows.push(await resampleRow(from, to, 'medium'));
  rows.push(await resampleRow(24_000, 48_000, 'fastest'), await resampleRow(24_000, 48_000, 'best'));
  rows.push(await createRow(), ...wavRows());
  return rows;
}
