/**
 * What the engine (main thread) and its worker thread exchange, as the payloads of core's model
 * protocol (`ModelWorker` / `serveModel`, which carry the requests, cancel cells, errors and
 * dispose). The ONNX sessions live only in the worker; the main thread sends text and options
 * and receives PCM in transferred buffers.
 */
import type { KvPlacement } from '../model/cache-placement.js';
import type { Device } from '../model/device.js';
import type { ModelConfig } from '../model/model-config.js';
import type { WeightPrecision } from '@parley/qwen3-contract';
import type { LayoutChoice, ModelLayout } from '../model/model-layout.js';
import type { ModelSizes } from '../model/model-sizes.js';
import type { RunStats } from '../model/run-monitor.js';
import type { ResolvedSynthesisOptions } from '../synthesis/options.js';
import type { TokenizerSource } from '../tokenizer/text-tokenizer.js';

/** How the worker loads the model. */
export interface EngineLoad {
  readonly model: string;
  readonly device: Device;
  readonly threads: number | undefined;
  readonly layout: LayoutChoice;
  /** On WebGPU, keep the KV caches on the GPU (loadModel's `kvCacheOnDevice`). */
  readonly kvCacheOnDevice: boolean;
}

/** One segment to speak; `options.clone.samples`, when present, arrives in a transferred buffer of its own. */
export interface SegmentRequest {
  readonly text: string;
  readonly options: ResolvedSynthesisOptions;
}

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

/**
 * The engine's protocol: a request is one segment, answered by its PCM chunks (Int16, 24 kHz,
 * transferred) then its end; the stats are the per-graph run counts.
 */
export interface EngineProtocol {
  readonly load: EngineLoad;
  readonly info: ModelInfo;
  readonly request: SegmentRequest;
  readonly input: never;
  readonly output: Int16Array;
  readonly stats: RunStats;
}
