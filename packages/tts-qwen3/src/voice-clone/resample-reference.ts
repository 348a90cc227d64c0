import { int16ToFloat32, StreamingResampler, type ResamplerQuality } from '@parley/core';
import { SAMPLE_RATE_HZ } from '@parley/qwen3-contract';
import type { ReferenceSamples } from './reference-audio.js';

/**
 * libsamplerate's `medium` sinc filter: flat to within 2.1 dB up to 90 % of the 12 kHz output
 * Nyquist, where the front-end's top mel band ends anyway (fmax 12 kHz), at 3–4× the
 * speed of `best`: a 30 s reference resamples in a fraction of a second. The official code uses
 * librosa's default (soxr "HQ"); the difference lies in the top few hundred Hz of the spectrum.
 */
const REFERENCE_RESAMPLER_QUALITY: ResamplerQuality = 'medium';

/**
 * The reference as float samples at 24 kHz, the rate of the speaker encoder's front-end and of
 * the codec encoder (docs/model.md#voice-cloning). Runs on the worker: resampling 30 s of
 * audio would hold an event loop for a noticeable while.
 */
export async function referenceAt24k(reference: ReferenceSamples): Promise<Float32Array> {
  if (reference.sampleRate === SAMPLE_RATE_HZ) return int16ToFloat32(reference.samples);
  const resampler = await StreamingResampler.create({
    fromRate: reference.sampleRate,
    toRate: SAMPLE_RATE_HZ,
    quality: REFERENCE_RESAMPLER_QUALITY,
  });
  try {
    const body = resampler.push(reference.samples);
    const tail = resampler.flush();
    const out = new Int16Array(body.length + tail.length);
    out.set(body);
    out.set(tail, body.length);
    return int16ToFloat32(out);
  } finally {
    resampler.close();
  }
}
