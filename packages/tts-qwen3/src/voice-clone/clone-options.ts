/**
 * The `clone` synthesis option: speak in the voice of a reference recording, with a Base model
 * (docs/model.md#voice-cloning). Resolved and checked on the caller's thread, before any model runs.
 */
import { ParleyError } from '@parley/core';
import type { ModelConfig } from '../model/model-config.js';
import { readReferenceAudio } from './reference-audio.js';

/**
 * How the reference is used (docs/model.md#voice-cloning):
 * - `icl`: the model continues from the reference: its transcript and its codec frames go into
 *   the prompt, plus its speaker vector. Closest likeness; needs `text`.
 * - `x-vector`: only the speaker-encoder vector of the reference; no transcript needed.
 */
export type VoiceCloneMode = 'icl' | 'x-vector';

/** The modes, for validation and docs. */
export const VOICE_CLONE_MODES: readonly VoiceCloneMode[] = ['icl', 'x-vector'];

/**
 * A reference recording to clone (Base models only).
 *
 * @example
 * ```ts
 * const audio = await readFile('alice.wav'); // any WAV: rate and channels are handled
 * tts.synthesize(text, { clone: { audio, text: 'What Alice says in alice.wav.' } }); // ICL
 * tts.synthesize(text, { clone: { audio, mode: 'x-vector' } }); // no transcript needed
 * ```
 */
export interface VoiceCloneOptions {
  /**
   * 1–30 s of the voice: a WAV file's bytes (`Uint8Array`, `Buffer`, `ArrayBuffer`; channels are
   * averaged), or mono samples (`Int16Array`, or `Float32Array` in [-1, 1]) with `sampleRate`.
   */
  audio: Uint8Array | ArrayBuffer | Int16Array | Float32Array;
  /** Required for raw samples; for WAV bytes leave it out (the file's rate is used). */
  sampleRate?: number;
  /** What is said in the recording. Giving it selects `icl` mode by default. */
  text?: string;
  /** Default `icl` when `text` is given; without `text`, `x-vector` must be asked for. */
  mode?: VoiceCloneMode;
}

/** A checked reference: what the worker receives (the samples in a transferred buffer). */
export interface ResolvedVoiceClone {
  readonly mode: VoiceCloneMode;
  /** Mono 16-bit samples at `sampleRate`, 1–30 s. */
  readonly samples: Int16Array;
  readonly sampleRate: number;
  /** The transcript; set in `icl` mode only. */
  readonly text: string | undefined;
}

/** Which optional cloning graphs a model directory has (docs/model.md#voice-cloning). */
export interface CloneCapabilities {
  /** `speaker_encoder.onnx`: both modes need it. */
  readonly speakerEncoder: boolean;
  /** `tokenizer12hz_encode.onnx`: ICL needs it. */
  readonly codecEncoder: boolean;
}

/**
 * Checks `clone` against the model and reads its audio.
 * @throws ParleyError INVALID_INPUT: a model other than Base (CustomVoice and VoiceDesign cannot
 *   clone, as in the official wrapper), a graph the mode needs is absent, a bad mode, ICL without
 *   a transcript, or bad audio (see {@link readReferenceAudio}).
 */
export function resolveVoiceClone(clone: VoiceCloneOptions, config: ModelConfig, capabilities?: CloneCapabilities): ResolvedVoiceClone {
  if (typeof clone !== 'object' || clone === null) throw invalid('clone must be an object such as { audio, text }');
  if (config.modelType !== 'base') {
    throw invalid(`voice cloning needs a Base model (tts_model_type "base"); this model is ${config.modelType}`);
  }
  if (clone.text !== undefined && typeof clone.text !== 'string') throw invalid('clone.text must be a string');
  const text = clone.text !== undefined && clone.text.trim() !== '' ? clone.text : undefined;
  const mode = clone.mode ?? (text === undefined ? undefined : 'icl');
  if (mode === undefined) {
    throw invalid(
      "clone.text (the reference's transcript) is required for ICL cloning; pass mode: 'x-vector' to clone from the audio alone",
    );
  }
  if (!VOICE_CLONE_MODES.includes(mode)) throw invalid(`clone.mode must be one of ${VOICE_CLONE_MODES.join(', ')}, got ${String(mode)}`);
  if (mode === 'icl' && text === undefined) throw invalid("clone.mode 'icl' needs clone.text, the transcript of the reference");
  checkGraphs(mode, capabilities);
  const { samples, sampleRate } = readReferenceAudio(clone.audio, clone.sampleRate);
  return { mode, samples, sampleRate, text: mode === 'icl' ? text : undefined };
}

/**
 * Refuses a mode whose graph the model directory lacks.
 * @throws ParleyError INVALID_INPUT naming the missing file.
 */
export function checkGraphs(mode: VoiceCloneMode, capabilities: CloneCapabilities | undefined): void {
  if (capabilities && !capabilities.speakerEncoder) {
    throw invalid('this model has no speaker_encoder.onnx, which voice cloning needs');
  }
  if (capabilities && mode === 'icl' && !capabilities.codecEncoder) {
    throw invalid("this model has no tokenizer12hz_encode.onnx (the codec encoder), which ICL cloning needs; use mode: 'x-vector'");
  }
}

function invalid(message: string): ParleyError {
  return new ParleyError('INVALID_INPUT', message);
}
