import libsamplerate from '@alexanderolsen/libsamplerate-js';
import { ParleyError } from '../errors.js';
import { assertFormat } from './pcm-frame.js';
import { concatSamples, float32ToInt16, int16ToFloat32 } from './sample-format.js';

/**
 * Filter quality: libsamplerate's three sinc converters. Measured on Node 20, one core, 20 ms
 * chunks, for 24k↔48k, 24k↔16k and 16k↔48k; SNR of a -6 dBFS 1 kHz / 3 kHz sine after a
 * least-squares sine fit, on the float output and on the int16 output this class returns:
 *
 * | quality   | SNR float   | SNR int16 | passband edge            | held back | speed, × real time |
 * |-----------|-------------|-----------|--------------------------|-----------|--------------------|
 * | `best`    | 144–163 dB  | 89–98 dB  | flat to 97 % of Nyquist  | 6–9 ms    | 16–42              |
 * | `medium`  | 119–163 dB  | 92–98 dB  | -2.1 dB at 90 %          | 2–3 ms    | 48–117             |
 * | `fastest` | 101–166 dB  | 92–98 dB  | -2.8 dB at 80 %, -20 at 90 % | 0.8–1.3 ms | 113–339       |
 *
 * Int16 rounding caps all three near 92–98 dB, so the choice is bandwidth against speed.
 * `medium` is the default: at a 16 kHz output it is within 2.1 dB up to 7.2 kHz, where
 * `fastest` is down 20 dB (dulling fricatives), and it costs 1–2 % of a core per stream;
 * `best` costs 3–4× more for bandwidth speech does not use, and holds back 3× longer.
 */
export type ResamplerQuality = 'best' | 'medium' | 'fastest';

/** Options for {@link StreamingResampler.create}. */
export interface ResamplerOptions {
  /** Input rate in Hz: an integer in 1..192000. */
  fromRate: number;
  /** Output rate in Hz: an integer in 1..192000, within 256× of `fromRate`. */
  toRate: number;
  /** Interleaved channels, 1..128. Default 1. */
  channels?: number;
  /** Default `medium`; see {@link ResamplerQuality}. */
  quality?: ResamplerQuality;
}

type Src = Awaited<ReturnType<typeof libsamplerate.create>>;

const CONVERTERS: Readonly<Record<ResamplerQuality, 0 | 1 | 2>> = {
  best: libsamplerate.ConverterType.SRC_SINC_BEST_QUALITY as 0,
  medium: libsamplerate.ConverterType.SRC_SINC_MEDIUM_QUALITY as 1,
  fastest: libsamplerate.ConverterType.SRC_SINC_FASTEST as 2,
};
/** Floats in the library's fixed in/out buffers. Beyond it the library splits calls itself, at
 * offsets that break for some rates, and an output overflow silently drops input; we split first. */
const LIBRARY_BUFFER_SAMPLES = 1_008_000;
const MAX_RATE = 192_000; // the library rejects more
const MAX_RATIO = 256; // libsamplerate's SRC_MAX_RATIO; beyond it src_process fails
const MAX_CHANNELS = 128;
/** Flush feeds zeros at most this many times: ample for the longest filter (best, 1/256). */
const MAX_FLUSH_ROUNDS = 64;

/**
 * A resampler for one continuous stream of interleaved 16-bit PCM, keeping filter state across
 * {@link push} calls so chunk boundaries leave no trace: any chunking gives the same output.
 *
 * Output is time-aligned with input (libsamplerate compensates its filter's delay), but each push
 * holds back about half a filter length (see {@link ResamplerQuality}); {@link flush} drains it
 * at end of stream. Each instance owns a private copy of libsamplerate, which ships compiled to
 * JavaScript (wasm2js), not WebAssembly: creating one blocks the event loop ~10–30 ms and reserves
 * a ~26 MB heap, freed by the garbage collector after {@link close}.
 *
 * @example
 * ```ts
 * const up = await StreamingResampler.create({ fromRate: 24_000, toRate: 48_000 });
 * const out = [up.push(chunkA), up.push(chunkB), up.flush()];
 * up.close();
 * ```
 */
export class StreamingResampler {
  /** Input rate in Hz. */
  readonly fromRate: number;
  /** Output rate in Hz. */
  readonly toRate: number;
  /** Interleaved channels. */
  readonly channels: number;
  #src: Src | null;
  #state: 'open' | 'flushed' | 'closed' = 'open';
  #framesIn = 0;
  #framesOut = 0;
  readonly #maxFramesPerCall: number;

  private constructor(fromRate: number, toRate: number, channels: number, src: Src | null) {
    this.fromRate = fromRate;
    this.toRate = toRate;
    this.channels = channels;
    this.#src = src;
    const maxRatio = Math.max(1, toRate / fromRate);
    // Half the buffer leaves room for the frames held back from earlier calls.
    this.#maxFramesPerCall = Math.floor(LIBRARY_BUFFER_SAMPLES / channels / maxRatio / 2);
  }

  /**
   * Creates a resampler. Equal rates give a pass-through that copies and loads no filter.
   * @throws ParleyError INVALID_INPUT for a rate, channel count or quality out of range.
   */
  static async create(options: ResamplerOptions): Promise<StreamingResampler> {
    const { fromRate, toRate, channels = 1, quality = 'medium' } = options;
    assertResamplerFormat(fromRate, toRate, channels);
    if (!Object.hasOwn(CONVERTERS, quality)) {
      throw new ParleyError('INVALID_INPUT', `unknown resampler quality ${String(quality)}`);
    }
    if (fromRate === toRate) return new StreamingResampler(fromRate, toRate, channels, null);
    // The library throws bare strings; the checks above leave it nothing to refuse.
    const src = await libsamplerate.create(channels, fromRate, toRate, { converterType: CONVERTERS[quality] });
    return new StreamingResampler(fromRate, toRate, channels, src);
  }

  /** Whether {@link close} has been called. */
  get closed(): boolean {
    return this.#state === 'closed';
  }

  /**
   * Resamples the next chunk. The result is a new tight array, possibly empty while the filter
   * fills, and about `samples.length × toRate / fromRate` long in steady state.
   * @throws ParleyError INVALID_INPUT after {@link flush} or {@link close}, or when
   *   `samples.length` is not a multiple of `channels`.
   */
  push(samples: Int16Array): Int16Array {
    this.#assertOpen('push');
    if (!(samples instanceof Int16Array) || samples.length % this.channels !== 0) {
      throw new ParleyError('INVALID_INPUT', `push needs an Int16Array of whole ${this.channels}-channel frames`);
    }
    const frames = samples.length / this.channels;
    this.#framesIn += frames;
    if (this.#src === null) {
      this.#framesOut += frames;
      return samples.slice();
    }
    const parts: Float32Array[] = [];
    const step = this.#maxFramesPerCall * this.channels;
    for (let start = 0; start < samples.length; start += step) {
      parts.push(this.#process(int16ToFloat32(samples.subarray(start, start + step))));
    }
    return this.#emit(parts);
  }

  /**
   * Ends the stream: returns what the filter still holds, so that everything returned since
   * creation totals `round(inputFrames × toRate / fromRate)` frames. Later pushes are refused.
   * @throws ParleyError INVALID_INPUT after an earlier flush or {@link close}.
   */
  flush(): Int16Array {
    this.#assertOpen('flush');
    this.#state = 'flushed';
    let missing = Math.round((this.#framesIn * this.toRate) / this.fromRate) - this.#framesOut;
    if (this.#src === null || missing <= 0) return new Int16Array(0);
    // The wrapper never sets libsamplerate's end_of_input, so the held-back tail is pushed
    // out with silence instead, and the output past the input's true end is cut off.
    const zeros = new Float32Array(Math.max(256, Math.ceil(this.fromRate / 50)) * this.channels);
    const parts: Float32Array[] = [];
    for (let round = 0; missing > 0 && round < MAX_FLUSH_ROUNDS; round++) {
      const out = this.#process(zeros);
      const take = Math.min(out.length / this.channels, missing);
      parts.push(out.subarray(0, take * this.channels));
      missing -= take;
    }
    return this.#emit(parts);
  }

  /** Frees the filter. Idempotent; any later {@link push} or {@link flush} throws. */
  close(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#src?.destroy();
    this.#src = null; // dropping the instance lets its heap be collected
  }

  #process(input: Float32Array): Float32Array {
    // `full` keeps state between calls (`simple` restarts the filter every time) and returns a
    // fresh copy of its output, never a view into the heap that the next call overwrites.
    return this.#src!.full(input);
  }

  #emit(parts: readonly Float32Array[]): Int16Array {
    const floats = parts.length === 1 ? parts[0]! : concatSamples(parts, (n) => new Float32Array(n));
    this.#framesOut += floats.length / this.channels;
    return float32ToInt16(floats);
  }

  #assertOpen(action: string): void {
    if (this.#state !== 'open') {
      throw new ParleyError('INVALID_INPUT', `cannot ${action}: resampler is ${this.#state}`);
    }
  }
}

/**
 * Checks a resampling format before any filter is made.
 * @throws ParleyError INVALID_INPUT for a rate, ratio or channel count the library cannot take.
 */
export function assertResamplerFormat(fromRate: number, toRate: number, channels: number): void {
  assertFormat(fromRate, channels);
  assertFormat(toRate, channels);
  if (fromRate > MAX_RATE || toRate > MAX_RATE) {
    throw new ParleyError('INVALID_INPUT', `sample rates above ${MAX_RATE} Hz are not supported`);
  }
  if (toRate > fromRate * MAX_RATIO || fromRate > toRate * MAX_RATIO) {
    throw new ParleyError('INVALID_INPUT', `cannot resample ${fromRate} Hz to ${toRate} Hz: ratio beyond ${MAX_RATIO}`);
  }
  if (channels > MAX_CHANNELS) {
    throw new ParleyError('INVALID_INPUT', `at most ${MAX_CHANNELS} channels, got ${channels}`);
  }
}
