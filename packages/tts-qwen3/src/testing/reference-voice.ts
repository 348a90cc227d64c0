/** Deterministic stand-ins for a reference recording: synthetic vowels, as WAV bytes or samples. */
import { encodeWav, float32ToInt16 } from '@parley/core';

/** A voice for {@link syntheticVowel}. */
export interface VowelVoice {
  /** Fundamental frequency in Hz. */
  readonly f0: number;
  /** Formant centre frequencies in Hz (e.g. /a/: 700, 1220, 2600). */
  readonly formants: readonly number[];
}

/** An adult /a/ at 120 Hz. */
export const VOICE_A: VowelVoice = { f0: 120, formants: [700, 1220, 2600] };
/** A higher /i/ at 210 Hz: another speaker. */
export const VOICE_B: VowelVoice = { f0: 210, formants: [300, 2300, 3000] };

/** Formant bandwidth in Hz: ~100 Hz is typical of speech resonances. */
const FORMANT_BANDWIDTH_HZ = 100;

/**
 * `seconds` of a sung vowel at `sampleRate`, mono floats with a peak near 0.5: harmonics of f0
 * (with a 5 Hz, ±2 % vibrato) weighted by the formant resonances, under a 3 Hz syllable-like
 * envelope. Pure arithmetic, so every run makes the same samples.
 */
export function syntheticVowel(voice: VowelVoice, seconds: number, sampleRate: number): Float32Array {
  const n = Math.round(seconds * sampleRate);
  const out = new Float32Array(n);
  const harmonics = Math.floor(sampleRate / 2 / (voice.f0 * 1.02));
  const weights = Array.from({ length: harmonics }, (_, h) => {
    const hz = (h + 1) * voice.f0;
    return voice.formants.reduce((sum, formant) => sum + 1 / (1 + ((hz - formant) / FORMANT_BANDWIDTH_HZ) ** 2), 0) / (h + 1) ** 0.5;
  });
  const norm = 0.5 / weights.reduce((a, b) => a + b, 0);
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    phase += (2 * Math.PI * voice.f0 * (1 + 0.02 * Math.sin(2 * Math.PI * 5 * t))) / sampleRate;
    const envelope = 0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * t);
    let sample = 0;
    for (let h = 0; h < harmonics; h++) sample += weights[h]! * Math.sin((h + 1) * phase);
    out[i] = sample * norm * envelope;
  }
  return out;
}

/** The vowel as a WAV file's bytes, with the same signal on each of `channels` channels. */
export function vowelWav(voice: VowelVoice, seconds: number, sampleRate: number, channels = 1): Uint8Array {
  const mono = float32ToInt16(syntheticVowel(voice, seconds, sampleRate));
  const interleaved = new Int16Array(mono.length * channels);
  mono.forEach((sample, i) => interleaved.fill(sample, i * channels, (i + 1) * channels));
  return encodeWav(interleaved, { sampleRate, channels });
}
