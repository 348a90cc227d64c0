import { ParleyError, type SentencesOptions, type TextToSpeech } from '@parley/core';
import type { Device } from '../model/device.js';
import type { Qwen3SynthesisOptions } from '../synthesis/options.js';

/**
 * Length of the audio frames handed to LiveKit, in ms. 40 ms divides the codec's 80 ms frame, so
 * every segment splits into whole frames (no short last frame), and it is fine-grained enough
 * for barge-in and transcript sync; the engine itself emits 320 ms, then 2 s chunks.
 */
export const DEFAULT_FRAME_MS = 40;

/**
 * What a stream says and how: the engine's synthesis options (voice, language, seed, chunking,
 * sampling, `maxFrames`…) plus the frame length. {@link TTS.updateOptions} can change all of it.
 */
export interface VoiceOptions extends Qwen3SynthesisOptions {
  /**
   * Length of each `SynthesizedAudio` frame in ms ({@link DEFAULT_FRAME_MS}); must be a whole
   * number of samples at the engine's rate. A segment's last frame may be shorter.
   */
  frameMs?: number;
}

/** Use an engine that is already loaded; the TTS shares it and never disposes it. */
export interface SharedEngine {
  /** A loaded engine, typically a `Qwen3Speech` loaded once per process in `prewarm`. */
  engine: TextToSpeech<Qwen3SynthesisOptions>;
}

/** Load a `Qwen3Speech` from a model directory; the TTS owns it and disposes it on `close()`. */
export interface OwnedEngine {
  /** A model directory in the community ONNX layout (see `Qwen3Speech.load`). */
  model: string;
  /** `'cpu'` (default) or `'cuda'`. */
  device?: Device;
  /** ORT intra-op threads per graph. */
  threads?: number;
  /** How text is cut into sentences (core's `sentences()`). */
  segmentation?: SentencesOptions;
}

/**
 * Options of the LiveKit {@link TTS}: where the engine comes from (exactly one of `engine` or
 * `model`) plus the {@link VoiceOptions}.
 *
 * @example
 * ```ts
 * new TTS({ model: '/models/qwen3-tts-0.6b-customvoice', voice: 'ryan', language: 'english' });
 * new TTS({ engine: sharedQwen3Speech, voice: 'ryan' });
 * ```
 */
export type TTSOptions = (SharedEngine | OwnedEngine) & VoiceOptions;

/**
 * Splits {@link TTSOptions} into the engine source and the voice options.
 * @throws ParleyError INVALID_INPUT unless exactly one of `engine` and `model` is given.
 */
export function splitOptions(options: TTSOptions): { source: SharedEngine | OwnedEngine; voice: VoiceOptions } {
  const { engine, model, device, threads, segmentation, ...voice } = options as SharedEngine & OwnedEngine & VoiceOptions;
  if ((engine === undefined) === (model === undefined)) {
    throw new ParleyError('INVALID_INPUT', 'give exactly one of `engine` (a loaded engine) and `model` (a model directory)');
  }
  return { source: engine ? { engine } : { model, device, threads, segmentation }, voice };
}

/**
 * Checks a frame length against a sample rate.
 * @throws ParleyError INVALID_INPUT when it is not positive or not a whole number of samples.
 */
export function checkFrameMs(frameMs: number | undefined, sampleRate: number): void {
  if (frameMs === undefined) return;
  const samples = (sampleRate * frameMs) / 1000;
  if (!(frameMs > 0) || !Number.isInteger(samples)) {
    throw new ParleyError('INVALID_INPUT', `frameMs must be a positive whole number of samples at ${sampleRate} Hz, got ${frameMs}`);
  }
}

/** The engine's share of the voice options (everything but `frameMs`). */
export function synthesisOptions(voice: VoiceOptions): Qwen3SynthesisOptions {
  const { frameMs: _frameMs, ...synthesis } = voice;
  return synthesis;
}
