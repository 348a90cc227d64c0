/**
 * The Slaney mel filterbank the speaker encoder's front-end uses (Slaney mel scale, Slaney
 * normalization; docs/model.md#log-mel-front-end): what the official code gets from
 * `librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax)`, whose defaults are `htk=False` (the Slaney
 * mel scale) and `norm='slaney'`.
 *
 * Written here rather than taken from a package because it is a few formulas, and it follows
 * librosa 0.10 step by step (`librosa/filters.py: mel`, `librosa/core/convert.py: hz_to_mel,
 * mel_to_hz, mel_frequencies, fft_frequencies`), in float64, with librosa's float32 result.
 */

/** What a filterbank is made for. */
export interface MelFilterbankParams {
  readonly sampleRate: number;
  readonly nFft: number;
  readonly nMels: number;
  readonly fMin: number;
  readonly fMax: number;
}

/** Slaney's scale: linear below 1 kHz, 3 mels per 200 Hz (librosa `f_sp = 200/3`). */
const LINEAR_HZ_PER_MEL = 200 / 3;
/** Where the scale turns logarithmic (librosa `min_log_hz`), and its mel value (15). */
const LOG_START_HZ = 1000;
const LOG_START_MEL = LOG_START_HZ / LINEAR_HZ_PER_MEL;
/** Mels per natural-log step above 1 kHz: 27 mels per factor 6.4 (librosa `logstep`). */
const LOG_STEP = Math.log(6.4) / 27;

/** Hz → mel on the Slaney scale (librosa `hz_to_mel(htk=False)`). */
export function hzToMelSlaney(hz: number): number {
  return hz >= LOG_START_HZ ? LOG_START_MEL + Math.log(hz / LOG_START_HZ) / LOG_STEP : hz / LINEAR_HZ_PER_MEL;
}

/** Mel → Hz on the Slaney scale (librosa `mel_to_hz(htk=False)`). */
export function melToHzSlaney(mel: number): number {
  return mel >= LOG_START_MEL ? LOG_START_HZ * Math.exp(LOG_STEP * (mel - LOG_START_MEL)) : mel * LINEAR_HZ_PER_MEL;
}

/**
 * The `count` band edges in Hz, evenly spaced in mels from `fMin` to `fMax` (librosa
 * `mel_frequencies`, whose `np.linspace` ends exactly on the last value).
 */
export function melBandEdgesHz(count: number, fMin: number, fMax: number): Float64Array {
  const [low, high] = [hzToMelSlaney(fMin), hzToMelSlaney(fMax)];
  const step = (high - low) / (count - 1);
  return Float64Array.from({ length: count }, (_, i) => melToHzSlaney(i === count - 1 ? high : low + i * step));
}

/**
 * The filterbank as a dense row-major `[nMels, nFft/2 + 1]` float32 matrix, equal to
 * `librosa.filters.mel(sr=sampleRate, n_fft=nFft, n_mels=nMels, fmin=fMin, fmax=fMax)`.
 * Filter i is the triangle rising from edge i to edge i+1 and falling to edge i+2; the Slaney
 * norm scales it by `2 / (edge[i+2] − edge[i])`, so each triangle has unit area in Hz.
 */
export function slaneyMelFilterbank(params: MelFilterbankParams): Float32Array {
  const { sampleRate, nFft, nMels, fMin, fMax } = params;
  const bins = nFft / 2 + 1;
  const edges = melBandEdgesHz(nMels + 2, fMin, fMax);
  const weights = new Float32Array(nMels * bins);
  for (let i = 0; i < nMels; i++) {
    const [left, centre, right] = [edges[i]!, edges[i + 1]!, edges[i + 2]!];
    const norm = 2 / (right - left);
    for (let k = 0; k < bins; k++) {
      const hz = (k * sampleRate) / nFft; // librosa `fft_frequencies`
      const rising = (hz - left) / (centre - left);
      const falling = (right - hz) / (right - centre);
      // librosa stores the triangle in its float32 array first, then multiplies by the norm.
      weights[i * bins + k] = Math.fround(Math.fround(Math.max(0, Math.min(rising, falling))) * norm);
    }
  }
  return weights;
}

/**
 * A filterbank kept as each filter's non-zero run of weights: a triangle spans a few bins, so
 * applying it costs about two multiply-adds per FFT bin instead of `nMels` (~60× fewer).
 */
export class SparseFilterbank {
  private readonly starts: Int32Array;
  private readonly weights: Float32Array[];

  /** From a dense row-major `[rows, bins]` matrix such as {@link slaneyMelFilterbank}'s. */
  constructor(
    dense: Float32Array,
    readonly rows: number,
    readonly bins: number,
  ) {
    this.starts = new Int32Array(rows);
    this.weights = [];
    for (let r = 0; r < rows; r++) {
      const row = dense.subarray(r * bins, (r + 1) * bins);
      const first = row.findIndex((w) => w !== 0);
      const last = bins - 1 - [...row].reverse().findIndex((w) => w !== 0);
      this.starts[r] = first < 0 ? 0 : first;
      this.weights.push(first < 0 ? new Float32Array(0) : row.slice(first, last + 1));
    }
  }

  /** `out[r] = Σ_k dense[r][k] · spectrum[k]`. */
  apply(spectrum: ArrayLike<number>, out: Float64Array): void {
    for (let r = 0; r < this.rows; r++) {
      const start = this.starts[r]!;
      const weights = this.weights[r]!;
      let sum = 0;
      for (let k = 0; k < weights.length; k++) sum += weights[k]! * spectrum[start + k]!;
      out[r] = sum;
    }
  }
}
