/**
 * Turns what a user passes as a reference recording into mono 16-bit samples at their own rate,
 * checked, on the calling thread: cheap (no resampling, no model), so bad audio fails before
 * anything is sent to the worker (docs/model.md#voice-cloning).
 */
import { decodeWav, float32ToInt16, isParleyError, ParleyError } from '@parley/core';

/** A reference recording as it crosses to the worker: mono, 16-bit, at `sampleRate`. */
export interface ReferenceSamples {
  readonly samples: Int16Array;
  readonly sampleRate: number;
}

/**
 * Shortest reference accepted: 1 s. Below it the speaker encoder pools over fewer than 94 mel
 * frames and ICL has fewer than 13 codec frames to continue from; the official demos use 3–10 s.
 */
export const MIN_REFERENCE_MS = 1_000;
/**
 * Longest reference accepted: 30 s. ICL puts every reference frame into the prefill (375 frames
 * at 30 s) and each one costs 15 `code_predictor_embed` runs once per reference; longer clips
 * add latency, not likeness.
 */
export const MAX_REFERENCE_MS = 30_000;
/** Rates accepted for raw samples and WAV files: telephone speech to studio audio. */
const MIN_RATE_HZ = 8_000;
const MAX_RATE_HZ = 192_000;

/**
 * Reads a reference recording:
 * - WAV bytes (`Uint8Array`, a Node `Buffer`, or an `ArrayBuffer`): any PCM or float WAV that
 *   core's `decodeWav` reads; channels are averaged to mono. `sampleRate`, if given, must match
 *   the file's.
 * - Mono samples (`Int16Array`, or `Float32Array` in [-1, 1]) with `sampleRate`.
 * @throws ParleyError INVALID_INPUT naming `clone.audio` or `clone.sampleRate`: another type, an
 *   unreadable WAV, a missing or bad rate, or audio shorter than 1 s or longer than 30 s.
 */
export function readReferenceAudio(audio: unknown, sampleRate: number | undefined): ReferenceSamples {
  const reference = decode(audio, sampleRate);
  const ms = (reference.samples.length / reference.sampleRate) * 1000;
  if (reference.samples.length === 0) throw invalid('clone.audio is empty');
  if (ms < MIN_REFERENCE_MS) throw invalid(`clone.audio is ${ms.toFixed(0)} ms long; a reference needs at least ${MIN_REFERENCE_MS} ms`);
  if (ms > MAX_REFERENCE_MS)
    throw invalid(`clone.audio is ${(ms / 1000).toFixed(1)} s long; at most ${MAX_REFERENCE_MS / 1000} s are accepted`);
  return reference;
}

function decode(audio: unknown, sampleRate: number | undefined): ReferenceSamples {
  if (audio instanceof ArrayBuffer) return fromWav(new Uint8Array(audio), sampleRate);
  if (audio instanceof Uint8Array) return fromWav(audio, sampleRate);
  if (audio instanceof Int16Array || audio instanceof Float32Array) {
    if (sampleRate === undefined)
      throw invalid('clone.sampleRate is required when clone.audio is raw samples (Int16Array or Float32Array)');
    const samples = audio instanceof Int16Array ? audio.slice() : float32ToInt16(audio);
    return { samples, sampleRate: checkRate(sampleRate) };
  }
  throw invalid('clone.audio must be WAV bytes (Uint8Array, Buffer or ArrayBuffer) or mono samples (Int16Array or Float32Array)');
}

function fromWav(bytes: Uint8Array, sampleRate: number | undefined): ReferenceSamples {
  if (bytes.length === 0) throw invalid('clone.audio is empty');
  let wav;
  try {
    wav = decodeWav(bytes);
  } catch (error) {
    throw isParleyError(error) ? invalid(`clone.audio: ${error.message}`) : error;
  }
  if (sampleRate !== undefined && sampleRate !== wav.sampleRate) {
    throw invalid(`clone.sampleRate ${sampleRate} contradicts the WAV file's ${wav.sampleRate} Hz; leave it out for WAV bytes`);
  }
  return { samples: toMono(wav.samples, wav.channels), sampleRate: checkRate(wav.sampleRate) };
}

/** The mean of the channels, as the official loader does (`np.mean(audio, axis=-1)`). */
function toMono(interleaved: Int16Array, channels: number): Int16Array {
  if (channels === 1) return interleaved;
  const mono = new Int16Array(Math.floor(interleaved.length / channels));
  for (let i = 0; i < mono.length; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += interleaved[i * channels + c]!;
    mono[i] = Math.round(sum / channels);
  }
  return mono;
}

function checkRate(rate: number): number {
  if (!Number.isInteger(rate) || rate < MIN_RATE_HZ || rate > MAX_RATE_HZ) {
    throw invalid(`clone.sampleRate must be an integer from ${MIN_RATE_HZ} to ${MAX_RATE_HZ} Hz, got ${String(rate)}`);
  }
  return rate;
}

function invalid(message: string): ParleyError {
  return new ParleyError('INVALID_INPUT', message);
}
