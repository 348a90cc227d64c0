/**
 * What the engine (main thread) and its worker thread exchange, as the payloads of core's model
 * protocol (`ModelWorker` / `serveModel`, which carry the requests, cancel cells, errors and
 * dispose). The ONNX sessions live only in the worker; the main thread sends text and options
 * and receives PCM in transferred buffers.
 */
import type { Device } from '../model/device.js';
import type { Qwen3Model } from '../model/load-model.js';
import type { LayoutChoice } from '../model/model-layout.js';
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

/**
 * One segment to speak; `options.clone.samples`, when present, arrives in a transferred buffer of
 * its own. Without `text` the segment's text arrives as the request's inputs, piece by piece, and
 * its end is the end of the inputs (incremental text mode).
 */
export interface SegmentRequest {
  readonly text?: string;
  /** The arriving pieces end words wherever they end in a letter or digit (core's `speakSegmentStreams` pieces). */
  readonly piecesEndWords?: boolean;
  readonly options: ResolvedSynthesisOptions;
}

/**
 * What the main thread learns about a loaded model: the plain-data part of the worker's
 * `Qwen3Model` (no sessions), the tokenizer's source and which cloning graphs are there.
 */
export interface ModelInfo extends Pick<Qwen3Model, 'dir' | 'layout' | 'precision' | 'kvCache' | 'kvCacheNote' | 'config' | 'sizes'> {
  readonly tokenizer: TokenizerSource;
  /** Whether the cloning graphs are there. */
  readonly hasSpeakerEncoder: boolean;
  readonly hasCodecEncoder: boolean;
}

/**
 * The engine's protocol: a request is one segment, answered by its PCM chunks (Int16, 24 kHz,
 * transferred) then its end; its inputs, when its text arrives in pieces, are those pieces; the
 * stats are the per-graph run counts.
 */
export interface EngineProtocol {
  readonly load: EngineLoad;
  readonly info: ModelInfo;
  readonly request: SegmentRequest;
  readonly input: string;
  readonly output: Int16Array;
  readonly stats: RunStats;
}
