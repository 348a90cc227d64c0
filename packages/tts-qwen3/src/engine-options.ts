import { existsSync, statSync } from 'node:fs';
import { ParleyError, type SentencesOptions, type StartupLeadOptions } from '@parley/core';
import { parseDevice, type Device } from './model/device.js';
import { parseLayoutChoice, type LayoutChoice } from './model/model-layout.js';
import { isStandin } from './model/standin-model.js';
import type { Qwen3SynthesisOptions } from './synthesis/options.js';

/** Options of {@link Qwen3Speech.load} and {@link Qwen3Speech.create}. */
export interface Qwen3SpeechOptions {
  /**
   * A model directory: the community ONNX layout, or the parley layout (`parley-layout.json`).
   * Or `'standin'`: a small random-weight model with the real layout, which makes noise, not
   * speech, generated once into parley's cache by `@parley/models` (install it beside this
   * package); a Base one when `defaults.clone` is set, and at most 37 frames (3 s) a segment
   * unless `defaults.maxFrames` says otherwise. Where it is goes to `onWarning`.
   */
  model: string;
  /**
   * Which graphs to run: `auto` (default) picks the parley layout when the directory has it
   * (faster on the CPU, same output), else the community one; `community`/`parley` force one.
   */
  layout?: LayoutChoice;
  /**
   * `'cpu'` (default), `'webgpu'` (the GPU, through Vulkan, Metal or D3D12: no CUDA needed; the
   * KV caches stay on it), `'cuda'` (GPU 0) or `'cuda:N'` (GPU N).
   */
  device?: Device;
  /** When the GPU cannot be used, load on the CPU and warn instead of failing (default false). */
  fallbackToCpu?: boolean;
  /**
   * On WebGPU, keep the KV caches on the GPU between steps (default true). False keeps them in
   * host memory, which uploads the whole cache every step: only for comparison.
   */
  kvCacheOnDevice?: boolean;
  /** Receives warnings, such as the CPU fallback; `console.warn` when absent. */
  onWarning?: (message: string) => void;
  /** ORT intra-op threads per graph; ORT's default when absent. */
  threads?: number;
  /**
   * Worker threads, each with its own copy of the model (default 1). More workers speak more
   * segments at once, at the cost of one model's memory each.
   */
  workers?: number;
  /**
   * Segments that may wait for a free worker (default 16). A segment past this bound fails its
   * stream at once with OVERLOADED (retryable).
   */
  maxQueuedSegments?: number;
  /** Defaults for every synthesis (e.g. `{ voice: 'ryan' }`); per-call options win. */
  defaults?: Qwen3SynthesisOptions;
  /** How input text is cut into segments (core's `sentences()`). */
  segmentation?: SentencesOptions;
  /**
   * Playback without gaps on a machine slower than real time: each utterance's first audio is held
   * until a listener who plays it in real time would never catch up with the generation (core's
   * `withStartupLead`; nothing is held where generation is faster than real time). Default on;
   * `false` sends every chunk the moment it is made.
   */
  startupLead?: StartupLeadOptions | false;
}

/** Segments that may wait for a worker by default: 16 sentences is several turns of speech. */
export const DEFAULT_MAX_QUEUED_SEGMENTS = 16;

/** {@link Qwen3SpeechOptions} checked, with their defaults filled in. */
export interface ResolvedEngineOptions {
  readonly model: string;
  readonly device: Device;
  readonly fallbackToCpu: boolean;
  readonly warn: (message: string) => void;
  readonly threads: number | undefined;
  readonly layout: LayoutChoice;
  readonly kvCacheOnDevice: boolean;
  readonly workers: number;
  readonly maxQueuedSegments: number;
}

/**
 * Checks the engine options that need no model (`'standin'` is made later, at the load).
 * @throws ParleyError INVALID_INPUT for a bad device or count; MODEL_NOT_FOUND for a missing directory.
 */
export function resolveEngineOptions(options: Qwen3SpeechOptions): ResolvedEngineOptions {
  const device = options.device ?? 'cpu';
  if (!parseDevice(device))
    throw new ParleyError('INVALID_INPUT', `device must be 'cpu', 'webgpu', 'cuda' or 'cuda:N', got ${String(device)}`);
  const threads = options.threads === undefined ? undefined : count('threads', options.threads, 1);
  const workers = count('workers', options.workers ?? 1, 1);
  const layout = parseLayoutChoice(options.layout);
  const maxQueuedSegments = count('maxQueuedSegments', options.maxQueuedSegments ?? DEFAULT_MAX_QUEUED_SEGMENTS, 0);
  if (!isStandin(options.model) && (!existsSync(options.model) || !statSync(options.model).isDirectory())) {
    throw new ParleyError('MODEL_NOT_FOUND', `model directory not found: ${options.model} (or "standin" for the random-weight stand-in)`);
  }
  const warn = options.onWarning ?? ((message: string) => console.warn(`@parley/tts-qwen3: ${message}`));
  const kvCacheOnDevice = options.kvCacheOnDevice ?? true;
  return {
    model: options.model,
    device,
    fallbackToCpu: options.fallbackToCpu ?? false,
    warn,
    threads,
    layout,
    kvCacheOnDevice,
    workers,
    maxQueuedSegments,
  };
}

function count(name: string, value: number, min: number): number {
  if (Number.isInteger(value) && value >= min) return value;
  throw new ParleyError('INVALID_INPUT', `${name} must be an integer ≥ ${min}, got ${value}`);
}
