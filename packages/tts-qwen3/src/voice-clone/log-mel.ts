/**
 * The speaker encoder's input: a 128-bin log-mel spectrogram of 24 kHz audio with exactly the
 * official parameters (docs/model.md#log-mel-front-end; `mel_spectrogram` and
 * `extract_speaker_embedding` in the official `modeling_qwen3_tts.py`).
 */
import { ParleyError } from '@parley/core';
import { SAMPLE_RATE_HZ } from '@parley/qwen3-contract';
import { SparseFilterbank, slaneyMelFilterbank } from './mel-filterbank.js';
import { periodicHann, reflectPad, StftMagnitude } from './stft.js';

/** The front-end's parameters (docs/model.md#log-mel-front-end). */
export const SPEAKER_MEL = {
  sampleRate: SAMPLE_RATE_HZ,
  nFft: 1024,
  hop: 256,
  win: 1024,
  nMels: 128,
  fMin: 0,
  fMax: 12_000,
  /** Reflect padding on each side: (n_fft − hop) / 2 = 384, with the STFT's center=False. */
  pad: (1024 - 256) / 2,
  /** Magnitudes are clamped to this before the log (`dynamic_range_compression_torch`). */
  floor: 1e-5,
} as const;

/** A log-mel spectrogram, time-major: frame t's 128 values at `data[t·128 .. t·128+128)`. */
export interface LogMel {
  readonly data: Float32Array;
  readonly frames: number;
  readonly mels: number;
}

/**
 * Frames of a spectrogram of `samples` samples: `1 + ⌊(n + 2·384 − 1024) / 256⌋`, since the
 * STFT runs with center=False over the reflect-padded signal.
 */
export function melFrameCount(samples: number): number {
  const { pad, nFft, hop } = SPEAKER_MEL;
  return samples + 2 * pad < nFft ? 0 : 1 + Math.floor((samples + 2 * pad - nFft) / hop);
}

let shared: { stft: StftMagnitude; filterbank: SparseFilterbank } | undefined;

/** The window, FFT and filterbank are the same for every call: built once. */
function frontEnd(): { stft: StftMagnitude; filterbank: SparseFilterbank } {
  if (!shared) {
    const { sampleRate, nFft, nMels, fMin, fMax, win } = SPEAKER_MEL;
    const dense = slaneyMelFilterbank({ sampleRate, nFft, nMels, fMin, fMax });
    shared = { stft: new StftMagnitude(periodicHann(win)), filterbank: new SparseFilterbank(dense, nMels, nFft / 2 + 1) };
  }
  return shared;
}

/**
 * The log-mel spectrogram of mono 24 kHz samples in [-1, 1]: reflect-pad by 384,
 * STFT (n_fft 1024, hop 256, periodic Hann 1024, center=False), magnitude
 * `sqrt(re² + im² + 1e-9)`, the Slaney filterbank (128 mels, 0–12 kHz), `log(max(mel, 1e-5))`.
 * Computed in float64; returned as float32 like the official tensor.
 *
 * @example
 * ```ts
 * const mel = logMelSpectrogram(samples24k); // feed as [1, mel.frames, 128]
 * ```
 * @throws ParleyError INVALID_INPUT for fewer than 385 samples (reflect padding needs more).
 */
export function logMelSpectrogram(samples: Float32Array): LogMel {
  const { pad, hop, nMels, floor } = SPEAKER_MEL;
  const frames = melFrameCount(samples.length);
  if (frames < 1) throw new ParleyError('INVALID_INPUT', `a log-mel spectrogram needs more samples than ${samples.length}`);
  const padded = reflectPad(samples, pad);
  const { stft, filterbank } = frontEnd();
  const magnitudes = new Float64Array(stft.bins);
  const mel = new Float64Array(nMels);
  const data = new Float32Array(frames * nMels);
  for (let t = 0; t < frames; t++) {
    stft.frameMagnitudes(padded, t * hop, magnitudes);
    filterbank.apply(magnitudes, mel);
    for (let m = 0; m < nMels; m++) data[t * nMels + m] = Math.log(Math.max(mel[m]!, floor));
  }
  return { data, frames, mels: nMels };
}
