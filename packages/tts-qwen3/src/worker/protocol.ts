/**
 * Messages between the engine (main thread) and its worker thread. The ONNX sessions live only
 * in the worker (ENVIRONMENT.md: `session.run` blocks the calling thread); the main thread
 * sends text and options and receives PCM in transferred buffers.
 *
 * Cancellation has two halves: the main thread sets the request's shared `cancel` cell (seen
 * by the worker before its next ONNX run even while its event loop is busy) and posts `cancel`
 * (which drops a request still queued). After a cancel the worker sends nothing for that id.
 */
import type { ErrorCode } from '@parley/core';
import type { KvPlacement } from '../model/cache-placement.js';
import type { Device } from '../model/device.js';
import type { ModelConfig } from '../model/model-config.js';
import type { LayoutChoice, ModelLayout, WeightPrecision } from '../model/model-layout.js';
import type { ModelSizes } from '../model/model-sizes.js';
import type { RunStats } from '../model/run-monitor.js';
import type { StopReason } from '../generation/frame-loop.js';
import type { ResolvedSynthesisOptions } from '../synthesis/options.js';
import type { TokenizerSource } from '../tokenizer/text-tokenizer.js';

/** Loads the model; answered by `loaded` or `load-failed`. */
export interface LoadMessage {
  type: 'load';
  model: string;
  device: Device;
  threads: number | undefined;
  layout: LayoutChoice;
  /** On WebGPU, keep the KV caches on the GPU (loadModel's `kvCacheOnDevice`). */
  kvCacheOnDevice: boolean;
  /** Int32 [1]: incremented by the worker as each ONNX run starts. */
  runCounter: SharedArrayBuffer;
}

/** Speaks one segment; answered by `audio`* then `end`, or `error`; nothing once cancelled. */
export interface SynthesizeMessage {
  type: 'synthesize';
  id: number;
  text: string;
  /** `clone.samples`, when present, arrives in a transferred buffer of its own. */
  options: ResolvedSynthesisOptions;
  /** Int32 [1]: non-zero once the main thread cancelled the request. */
  cancel: SharedArrayBuffer;
}

/** Cancels request `id` (its `cancel` cell is already set). */
export interface CancelMessage {
  type: 'cancel';
  id: number;
}

/** Asks for the run counts; answered by `stats` with the same `id`. */
export interface StatsMessage {
  type: 'stats';
  id: number;
}

/** Cancels everything and frees the sessions; answered by `disposed`. */
export interface DisposeMessage {
  type: 'dispose';
}

/** Main thread → worker. */
export type ToWorker = LoadMessage | SynthesizeMessage | CancelMessage | StatsMessage | DisposeMessage;

/** What the main thread learns about a loaded model (plain data). */
export interface ModelInfo {
  readonly dir: string;
  /** The layout loaded (`auto` resolved) and its weight precision. */
  readonly layout: ModelLayout;
  readonly precision: WeightPrecision;
  /** Where the KV caches live between steps: `device` only on WebGPU. */
  readonly kvCache: KvPlacement;
  /** Why a WebGPU model keeps its caches in host memory; undefined otherwise. */
  readonly kvCacheNote: string | undefined;
  readonly config: ModelConfig;
  readonly sizes: ModelSizes;
  readonly tokenizer: TokenizerSource;
  /** Whether the cloning graphs are there (doc §7). */
  readonly hasSpeakerEncoder: boolean;
  readonly hasCodecEncoder: boolean;
}

/** An error as it crosses the thread boundary. */
export interface WireError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
}

/** Worker → main thread. */
export type FromWorker =
  | { type: 'loaded'; info: ModelInfo }
  | { type: 'load-failed'; error: WireError }
  | { type: 'audio'; id: number; samples: Int16Array }
  | { type: 'end'; id: number; frames: number; stopReason: StopReason }
  | { type: 'error'; id: number; error: WireError }
  | { type: 'stats'; id: number; stats: RunStats }
  | { type: 'disposed' };
