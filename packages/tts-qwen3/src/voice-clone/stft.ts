/**
 * The short-time Fourier transform pieces of the speaker-encoder front-end
 * (docs/model.md#log-mel-front-end): reflect padding, the Hann window and per-frame magnitudes, as
 * the official code gets them from `torch.nn.functional.pad(mode="reflect")`, `torch.hann_window`
 * and `torch.stft`.
 *
 * The FFT is `fft.js` (radix-4, MIT, no dependencies) rather than a hand-written one: a tested
 * FFT is the part of a front-end most easily got subtly wrong.
 */
import { ParleyError } from '@parley/core';
import FFT from 'fft.js';

/**
 * `x` padded by `pad` samples on each side by reflection about the end samples, which are not
 * repeated: `[1,2,3,4,5]` padded by 2 is `[3,2,1,2,3,4,5,4,3]` (torch `mode="reflect"`).
 * @throws ParleyError INVALID_INPUT when `x` has `pad` samples or fewer (torch refuses too).
 */
export function reflectPad(x: Float32Array, pad: number): Float32Array {
  const n = x.length;
  if (n <= pad) throw new ParleyError('INVALID_INPUT', `reflect padding by ${pad} needs more than ${pad} samples, got ${n}`);
  const out = new Float32Array(n + 2 * pad);
  out.set(x, pad);
  for (let i = 1; i <= pad; i++) {
    out[pad - i] = x[i]!;
    out[pad + n - 1 + i] = x[n - 1 - i]!;
  }
  return out;
}

/**
 * The periodic Hann window of `length` samples, `0.5 − 0.5·cos(2πn/length)`: the default of
 * `torch.hann_window` (periodic=True), which the official front-end uses.
 */
export function periodicHann(length: number): Float64Array {
  return Float64Array.from({ length }, (_, n) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / length));
}

/**
 * Windowed FFT magnitudes of one frame at a time, `sqrt(re² + im² + 1e-9)` for bins
 * 0..nFft/2 (torch.stft onesided, then the official `sqrt(... + 1e-9)`). The window is
 * as long as the FFT (win 1024 = n_fft 1024), so no window padding is involved.
 */
export class StftMagnitude {
  /** Bins per frame: nFft/2 + 1. */
  readonly bins: number;
  private readonly fft: FFT;
  private readonly frame: number[];
  private readonly spectrum: number[];

  constructor(private readonly window: Float64Array) {
    this.fft = new FFT(window.length);
    this.bins = window.length / 2 + 1;
    this.frame = new Array<number>(window.length).fill(0);
    this.spectrum = this.fft.createComplexArray() as number[];
  }

  /** Magnitudes of `signal[start .. start + nFft)` into `out` (length {@link bins}). */
  frameMagnitudes(signal: Float32Array, start: number, out: Float64Array): void {
    const { window, frame, spectrum } = this;
    for (let n = 0; n < window.length; n++) frame[n] = signal[start + n]! * window[n]!;
    // realTransform fills bins 0..N/2 (the half a onesided STFT keeps), interleaved re, im.
    this.fft.realTransform(spectrum, frame);
    for (let k = 0; k < this.bins; k++) {
      const re = spectrum[2 * k]!;
      const im = spectrum[2 * k + 1]!;
      out[k] = Math.sqrt(re * re + im * im + 1e-9);
    }
  }
}
