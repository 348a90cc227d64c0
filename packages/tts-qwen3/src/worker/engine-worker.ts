import { PcmFrame } from '@parley/core';
import { ModelWorker, siblingEntry } from '@parley/core/runtime';
import { defer, map, type Observable } from 'rxjs';
import { SAMPLE_RATE_HZ } from '@parley/qwen3-contract';
import type { RunStats } from '../model/run-monitor.js';
import type { ResolvedSynthesisOptions } from '../synthesis/options.js';
import type { EngineLoad, EngineProtocol, ModelInfo } from './protocol.js';

/**
 * A segment's text: whole, or its pieces as they arrive (the segment ends when they complete);
 * `endWords`: the pieces end words wherever they end in a letter or digit, as core's
 * `speakSegmentStreams` promises.
 */
export type SegmentText = string | { readonly pieces: Observable<string>; readonly endWords: boolean };

/** Options of {@link EngineWorker.start}: what the worker loads. */
export interface EngineWorkerOptions extends Omit<EngineLoad, 'kvCacheOnDevice'> {
  /** On WebGPU, keep the KV caches on the GPU (default true). */
  readonly kvCacheOnDevice?: boolean;
}

/**
 * The main thread's handle on one engine worker, over core's {@link ModelWorker}: starts it,
 * loads the model there, and turns each segment into a cold Observable of PCM frames.
 * Unsubscribing cancels: the worker stops before its next ONNX run and sends nothing more.
 */
export class EngineWorker {
  private constructor(
    private readonly worker: ModelWorker<EngineProtocol>,
    /** What the worker loaded. */
    readonly info: ModelInfo,
  ) {}

  /**
   * Spawns a worker and loads the model in it.
   * @throws ParleyError from the load (MODEL_NOT_FOUND, MODEL_LOAD_FAILED, DEVICE_UNAVAILABLE).
   */
  static async start(options: EngineWorkerOptions): Promise<EngineWorker> {
    const { model, device, threads, layout, kvCacheOnDevice = true } = options;
    const worker = new ModelWorker<EngineProtocol>({
      name: 'engine',
      entry: siblingEntry(import.meta.url, 'entry'),
      load: { model, device, threads, layout, kvCacheOnDevice },
    });
    try {
      return new EngineWorker(worker, await worker.ready);
    } catch (error) {
      await worker.dispose();
      throw error;
    }
  }

  /** Messages that arrived for a request already cancelled or ended (see `ModelWorker.strayMessages`). */
  get strayMessages(): number {
    return this.worker.strayMessages;
  }

  /**
   * Speaks one segment, whole or arriving in pieces (its end is the observable's completion);
   * cold: the request is sent on subscribe and cancelled on unsubscribe.
   */
  speak(text: SegmentText, options: ResolvedSynthesisOptions): Observable<PcmFrame> {
    return defer(() => {
      const sent = withOwnReference(options);
      const transfer = sent.clone ? [sent.clone.samples.buffer as ArrayBuffer] : [];
      if (typeof text === 'string') return this.worker.request({ text, options: sent }, { transfer });
      return this.worker.request({ options: sent, piecesEndWords: text.endWords }, { transfer, inputs: text.pieces });
    }).pipe(map((samples) => new PcmFrame(samples, SAMPLE_RATE_HZ)));
  }

  /** ONNX runs started in the worker so far, read from shared memory: exact at any moment. */
  runsStarted(): number {
    return this.worker.runsStarted();
  }

  /** Per-graph run counts and times, as the worker has them once it handles this message. */
  stats(): Promise<RunStats> {
    return this.worker.stats();
  }

  /** Cancels every request, frees the sessions and ends the worker. Idempotent. */
  dispose(): Promise<void> {
    return this.worker.dispose();
  }
}

/**
 * `options` with the cloned voice's samples in a buffer of their own, to transfer rather than
 * copy into the worker: the caller's options (and the other segments' requests) keep theirs.
 */
function withOwnReference(options: ResolvedSynthesisOptions): ResolvedSynthesisOptions {
  return options.clone ? { ...options, clone: { ...options.clone, samples: options.clone.samples.slice() } } : options;
}
