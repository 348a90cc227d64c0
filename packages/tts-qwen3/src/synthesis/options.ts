import { ParleyError, type SynthesisOptions } from '@parley/core';
import { chunkPlanProblem, DEFAULT_CHUNK_PLAN, type ChunkPlan } from '../codec/chunk-plan.js';
import type { StreamChunks } from '../codec/stateful-decoder.js';
import type { ModelConfig } from '../model/model-config.js';
import { AUTO_LANGUAGE, resolveVoice } from '../prompt/voice.js';
import { DEFAULT_SAMPLING, type FirstCodeParams, type SamplingParams } from '../sampling/code-sampler.js';
import {
  resolveVoiceClone,
  type CloneCapabilities,
  type ResolvedVoiceClone,
  type VoiceCloneOptions,
} from '../voice-clone/clone-options.js';

/**
 * Options of one Qwen3-TTS synthesis. Every field is optional; defaults follow the official
 * generation config (docs/model.md#sampling) and the chunking of docs/model.md#streaming-decode.
 *
 * @example
 * ```ts
 * tts.synthesize(text, { voice: 'ryan', language: 'english', seed: 7, initialCodecChunkFrames: 4 });
 * ```
 */
export interface Qwen3SynthesisOptions extends SynthesisOptions {
  /** A CustomVoice speaker (`spk_id` in config.json, case-insensitive); absent for none. Base models take none. */
  voice?: string;
  /** A `codec_language_id` name (case-insensitive) or `"auto"` (default). */
  language?: string;
  /** Seeds sampling; a random seed when absent. The same seed, text and options give the same audio. */
  seed?: number;
  /** A style instruction; only 1.7B models honour it (docs/model.md#prompt-layout), others ignore it. */
  instruction?: string;
  /**
   * How a segment's text reaches the model. `'incremental'` (the default): streaming-text mode, and
   * a segment starts speaking once {@link leadTokens} of its text ids are certain, reading the
   * rest as the LLM writes it. `'sentence'`: each segment waits for its whole text, in the mode
   * {@link streamingText} says. `streamingText: false` and ICL cloning need the whole text, so
   * they mean `'sentence'`; `'incremental'` with either is INVALID_INPUT.
   */
  textMode?: TextMode;
  /** In incremental mode, the text ids a segment waits for before its prefill (≥ 1; default {@link DEFAULT_LEAD_TOKENS}). */
  leadTokens?: number;
  /**
   * Streaming-text mode: text enters one token per frame (official `non_streaming_mode=False`).
   * Always on in incremental {@link textMode}. In sentence mode the default is false for
   * CustomVoice and VoiceDesign, true for Base, as the official wrappers.
   */
  streamingText?: boolean;
  /** Sample (default) or take the most likely code. */
  doSample?: boolean;
  /** Code-0 temperature (0.9); 0 is greedy. */
  temperature?: number;
  /** Code-0 top-k (50); 0 disables. */
  topK?: number;
  /** Code-0 top-p (1.0 = off). */
  topP?: number;
  /** Penalty on the distinct codes 0 generated so far (1.05). */
  repetitionPenalty?: number;
  /** Sampling of codes 1..15; each field defaults to the code-0 value above. */
  subCodes?: Partial<SamplingParams>;
  /**
   * At most this many frames (12.5 a second) per segment, up to {@link DEFAULT_MAX_FRAMES};
   * default {@link maxFramesFor} the segment's text.
   */
  maxFrames?: number;
  /**
   * Frames in the first audio chunk: 1 with a streaming decoder (the parley layout's, which
   * carries its state and decodes each frame once), 4 otherwise.
   */
  initialCodecChunkFrames?: number;
  /** Frames in each later chunk: 1 with a streaming decoder, 25 otherwise. */
  codecChunkFrames?: number;
  /** Earlier frames decoded in front of each chunk, then trimmed (50). */
  codecLeftContextFrames?: number;
  /**
   * Speak in the voice of a reference recording (Base models only, docs/model.md#voice-cloning): ICL when its
   * transcript is given, else `mode: 'x-vector'`. See {@link VoiceCloneOptions}.
   */
  clone?: VoiceCloneOptions;
}

/**
 * How a segment's text reaches the model: while it arrives (`'incremental'`, streaming-text
 * mode) or once it is whole (`'sentence'`).
 */
export type TextMode = 'incremental' | 'sentence';

/**
 * Text ids a segment waits for, in incremental mode, before its prefill. The codes do not depend
 * on it (the talker waits for text rather than padding), only the timing: measured with the
 * bench's simulated LLM (`--first-words`: 20–100 tokens a second and bursts), a lead of 1 halves
 * the first audio of a lead of 3 with no more underruns, since every later frame needs a token
 * of its own anyway.
 */
export const DEFAULT_LEAD_TOKENS = 1;

/** Options with every default filled in and checked; what the worker receives. */
export interface ResolvedSynthesisOptions {
  readonly voice: string | undefined;
  readonly language: string;
  readonly instruction: string | undefined;
  readonly textMode: TextMode;
  readonly leadTokens: number;
  readonly streamingText: boolean;
  readonly seed: number;
  readonly first: FirstCodeParams;
  readonly sub: SamplingParams;
  /** Absent: {@link maxFramesFor} each segment's text. */
  readonly maxFrames: number | undefined;
  /** How a decoder without a streaming graph decodes: windows with left context. */
  readonly chunks: ChunkPlan;
  /** How a streaming decoder decodes: chunks of frames, each decoded once. */
  readonly streamChunks: StreamChunks;
  /** The reference to clone, checked and read; absent for none. */
  readonly clone?: ResolvedVoiceClone | undefined;
}

/**
 * The official `max_new_tokens` default is 8192, which yields at most 8191 frames (docs/model.md#sampling);
 * 8191 frames are about 11 minutes of audio.
 */
export const DEFAULT_MAX_FRAMES = 8191;

/** Frames allowed per character of text: 0.4 s, about 3× a slow speaker's pace in English
 * (~0.13 s a character) and 1.6× a CJK character (~0.25 s). */
const MAX_FRAMES_PER_CHARACTER = 5;
/** Frames allowed on top, for pauses and very short texts: 2 s. */
const MAX_FRAMES_BASE = 25;

/**
 * The default frame cap for a segment: ample for any speaker to say `text`, so that a model that
 * misses EOS babbles for a few seconds, not for the official cap's 11 minutes.
 */
export function maxFramesFor(text: string): number {
  const characters = [...text].length;
  return Math.min(DEFAULT_MAX_FRAMES, MAX_FRAMES_BASE + characters * MAX_FRAMES_PER_CHARACTER);
}

/**
 * Fills in defaults and validates everything against the model's config, so that a bad option
 * fails before any model runs. `capabilities` says which cloning graphs the model has; without
 * it a missing graph is found when the synthesis starts (still before any run).
 * @throws ParleyError INVALID_INPUT naming the option.
 */
export function resolveSynthesisOptions(
  options: Qwen3SynthesisOptions,
  config: ModelConfig,
  randomSeed: () => number,
  capabilities?: CloneCapabilities,
): ResolvedSynthesisOptions {
  resolveVoice(config, options.voice, options.language); // throws for an unknown voice or language
  const first: FirstCodeParams = {
    doSample: options.doSample ?? DEFAULT_SAMPLING.doSample,
    temperature: check('temperature', options.temperature ?? DEFAULT_SAMPLING.temperature, (v) => v >= 0),
    topK: check('topK', options.topK ?? DEFAULT_SAMPLING.topK, (v) => Number.isInteger(v) && v >= 0),
    topP: check('topP', options.topP ?? DEFAULT_SAMPLING.topP, (v) => v > 0 && v <= 1),
    repetitionPenalty: check('repetitionPenalty', options.repetitionPenalty ?? DEFAULT_SAMPLING.repetitionPenalty, (v) => v > 0),
  };
  const { chunks, streamChunks } = resolveChunks(options);
  const clone = options.clone === undefined ? undefined : resolveVoiceClone(options.clone, config, capabilities);
  const textMode = resolveTextMode(options, clone);
  return {
    voice: options.voice,
    language: options.language ?? AUTO_LANGUAGE,
    instruction: options.instruction,
    textMode,
    leadTokens: check('leadTokens', options.leadTokens ?? DEFAULT_LEAD_TOKENS, (v) => Number.isInteger(v) && v >= 1),
    streamingText: textMode === 'incremental' || (options.streamingText ?? config.modelType === 'base'),
    seed: options.seed === undefined ? randomSeed() : check('seed', options.seed, Number.isSafeInteger),
    first,
    sub: resolveSub(options.subCodes ?? {}, first),
    maxFrames:
      options.maxFrames === undefined
        ? undefined
        : check('maxFrames', options.maxFrames, (v) => Number.isInteger(v) && v >= 1 && v <= DEFAULT_MAX_FRAMES),
    chunks,
    streamChunks,
    ...(clone === undefined ? {} : { clone }),
  };
}

/** How either decoder chunks the audio (docs/model.md#streaming-decode). */
function resolveChunks(options: Qwen3SynthesisOptions): { chunks: ChunkPlan; streamChunks: StreamChunks } {
  const chunks: ChunkPlan = {
    initialChunkFrames: options.initialCodecChunkFrames ?? DEFAULT_CHUNK_PLAN.initialChunkFrames,
    chunkFrames: options.codecChunkFrames ?? DEFAULT_CHUNK_PLAN.chunkFrames,
    leftContextFrames: options.codecLeftContextFrames ?? DEFAULT_CHUNK_PLAN.leftContextFrames,
  };
  const problem = chunkPlanProblem(chunks);
  if (problem) throw new ParleyError('INVALID_INPUT', problem);
  return { chunks, streamChunks: { initialChunkFrames: options.initialCodecChunkFrames ?? 1, chunkFrames: options.codecChunkFrames ?? 1 } };
}

/** Incremental unless the text must be whole: non-streaming text, or ICL cloning (docs/model.md#icl-mode). */
function resolveTextMode(options: Qwen3SynthesisOptions, clone: ResolvedVoiceClone | undefined): TextMode {
  const needsWhole =
    options.streamingText === false ? 'streamingText: false' : clone?.mode === 'icl' ? 'ICL cloning (clone.text)' : undefined;
  const mode = options.textMode ?? (needsWhole ? 'sentence' : 'incremental');
  if (mode !== 'incremental' && mode !== 'sentence')
    throw new ParleyError('INVALID_INPUT', `invalid textMode: ${String(mode)} (incremental or sentence)`);
  if (mode === 'incremental' && needsWhole)
    throw new ParleyError(
      'INVALID_INPUT',
      `textMode 'incremental' needs the text as it arrives, which ${needsWhole} cannot take: use textMode 'sentence'`,
    );
  return mode;
}

function resolveSub(sub: Partial<SamplingParams>, first: SamplingParams): SamplingParams {
  return {
    doSample: sub.doSample ?? first.doSample,
    temperature: check('subCodes.temperature', sub.temperature ?? first.temperature, (v) => v >= 0),
    topK: check('subCodes.topK', sub.topK ?? first.topK, (v) => Number.isInteger(v) && v >= 0),
    topP: check('subCodes.topP', sub.topP ?? first.topP, (v) => v > 0 && v <= 1),
  };
}

function check(name: string, value: number, valid: (value: number) => boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !valid(value)) {
    throw new ParleyError('INVALID_INPUT', `invalid ${name}: ${String(value)}`);
  }
  return value;
}
