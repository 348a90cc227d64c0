import type { Worker } from 'node:worker_threads';
import { ParleyError, PcmFrame } from '@parley/core';
import { Observable, type Subscriber } from 'rxjs';
import { SAMPLE_RATE_HZ } from '../codec/audio-format.js';
import type { Device } from '../model/device.js';
import type { LayoutChoice } from '../model/model-layout.js';
import type { RunStats } from '../model/run-monitor.js';
import type { ResolvedSynthesisOptions } from '../synthesis/options.js';
import type { FromWorker, ModelInfo, ToWorker, WireError } from './protocol.js';
import { spawnEngineWorker } from './spawn.js';

/** Options of {@link EngineWorker.start}. */
export interface EngineWorkerOptions {
  readonly model: string;
  readonly device: Device;
  readonly threads: number | undefined;
  readonly layout: LayoutChoice;
  /** On WebGPU, keep the KV caches on the GPU (default true). */
  readonly kvCacheOnDevice?: boolean;
}

interface Pending {
  readonly subscriber: Subscriber<PcmFrame>;
  readonly cancel: Int32Array;
}

/**
 * The main thread's handle on one engine worker: starts it, loads the model there, and turns
 * each segment request into a cold Observable of PCM frames. Unsubscribing cancels: the
 * request's shared cell is set (the worker checks it before every ONNX run) and `cancel` is
 * posted; any message that still arrives for it is dropped.
 */
export class EngineWorker {
  private readonly pending = new Map<number, Pending>();
  private readonly statsWaiters = new Map<number, (stats: RunStats) => void>();
  private nextId = 1;
  /**
   * Messages that arrived for a request no longer open (cancelled or ended): ones already in
   * flight when a cancel was sent. Tests read it to check that the worker stops sending.
   */
  strayMessages = 0;
  private closed: ParleyError | undefined;
  private disposing: Promise<void> | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly runCounter: Int32Array,
    /** What the worker loaded. */
    readonly info: ModelInfo,
  ) {
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.fail(new ParleyError('INTERNAL', `engine worker failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => this.fail(new ParleyError('INTERNAL', `engine worker exited (code ${code})`)));
  }

  /**
   * Spawns a worker and loads the model in it.
   * @throws ParleyError from the load (MODEL_NOT_FOUND, MODEL_LOAD_FAILED, DEVICE_UNAVAILABLE).
   */
  static async start(options: EngineWorkerOptions): Promise<EngineWorker> {
    const worker = spawnEngineWorker();
    const runCounter = new SharedArrayBuffer(4);
    try {
      const info = await loaded(worker, { type: 'load', model: options.model, device: options.device, threads: options.threads, layout: options.layout, kvCacheOnDevice: options.kvCacheOnDevice ?? true, runCounter });
      return new EngineWorker(worker, new Int32Array(runCounter), info);
    } catch (error) {
      await worker.terminate();
      throw error;
    }
  }

  /** Speaks one segment; cold: the request is sent on subscribe and cancelled on unsubscribe. */
  speak(text: string, options: ResolvedSynthesisOptions): Observable<PcmFrame> {
    return new Observable<PcmFrame>((subscriber) => {
      if (this.closed) {
        subscriber.error(this.closed);
        return undefined;
      }
      const id = this.nextId++;
      const cancel = new Int32Array(new SharedArrayBuffer(4));
      this.pending.set(id, { subscriber, cancel });
      const sent = withOwnReference(options);
      const transfer = sent.clone ? [sent.clone.samples.buffer as ArrayBuffer] : [];
      post(this.worker, { type: 'synthesize', id, text, options: sent, cancel: cancel.buffer as SharedArrayBuffer }, transfer);
      return () => {
        if (!this.pending.delete(id)) return; // already ended
        Atomics.store(cancel, 0, 1);
        if (!this.closed) post(this.worker, { type: 'cancel', id });
      };
    });
  }

  /** ONNX runs started in the worker so far, read from shared memory: exact at any moment. */
  runsStarted(): number {
    return Atomics.load(this.runCounter, 0);
  }

  /** Per-graph run counts and times, as the worker has them once it handles this message. */
  stats(): Promise<RunStats> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.statsWaiters.set(id, resolve);
      post(this.worker, { type: 'stats', id });
    });
  }

  /** Cancels every request, frees the sessions and ends the worker. Idempotent. */
  dispose(): Promise<void> {
    this.disposing ??= this.shutdown();
    return this.disposing;
  }

  private async shutdown(): Promise<void> {
    if (this.closed) return;
    for (const { cancel } of this.pending.values()) Atomics.store(cancel, 0, 1);
    const disposed = new Promise<void>((resolve) => this.worker.on('message', (m: FromWorker) => m.type === 'disposed' && resolve()));
    post(this.worker, { type: 'dispose' });
    await Promise.race([disposed, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    this.fail(new ParleyError('CANCELLED', 'the engine was disposed'));
    await this.worker.terminate();
  }

  private receive(message: FromWorker): void {
    if (message.type === 'stats') {
      this.statsWaiters.get(message.id)?.(message.stats);
      this.statsWaiters.delete(message.id);
      return;
    }
    if (!('id' in message)) return;
    const request = this.pending.get(message.id);
    if (!request) {
      this.strayMessages++; // cancelled: whatever was in flight is dropped
      return;
    }
    if (message.type === 'audio') {
      request.subscriber.next(new PcmFrame(message.samples, SAMPLE_RATE_HZ));
      return;
    }
    this.pending.delete(message.id);
    if (message.type === 'end') request.subscriber.complete();
    else if (message.type === 'error') request.subscriber.error(fromWire(message.error));
  }

  /** Ends every open request with `error` and refuses new ones. */
  private fail(error: ParleyError): void {
    this.closed ??= error;
    const open = [...this.pending.values()];
    this.pending.clear();
    for (const { subscriber, cancel } of open) {
      Atomics.store(cancel, 0, 1);
      subscriber.error(error);
    }
  }
}

/**
 * Sends `load` and waits for the answer. Only this function's own listeners are removed after:
 * Node's Worker keeps internal `newListener`/`removeListener` hooks that start its port, so
 * `removeAllListeners()` would silently stop message delivery.
 */
function loaded(worker: Worker, message: ToWorker): Promise<ModelInfo> {
  return new Promise<ModelInfo>((resolve, reject) => {
    const onError = (error: Error) => settle(new ParleyError('INTERNAL', `engine worker failed to start: ${error.message}`, { cause: error }));
    const onExit = (code: number) => settle(new ParleyError('INTERNAL', `engine worker exited while loading (code ${code})`));
    const onMessage = (reply: FromWorker) => {
      if (reply.type === 'loaded') settle(undefined, reply.info);
      else if (reply.type === 'load-failed') settle(fromWire(reply.error));
    };
    const settle = (error: ParleyError | undefined, info?: ModelInfo) => {
      worker.off('error', onError).off('exit', onExit).off('message', onMessage);
      if (error) reject(error);
      else resolve(info!);
    };
    worker.on('error', onError).on('exit', onExit).on('message', onMessage);
    post(worker, message);
  });
}

function post(worker: Worker, message: ToWorker, transfer: ArrayBuffer[] = []): void {
  worker.postMessage(message, transfer);
}

/**
 * `options` with the cloned voice's samples in a buffer of their own, to transfer rather than
 * copy into the worker: the caller's options (and the other segments' requests) keep theirs.
 */
function withOwnReference(options: ResolvedSynthesisOptions): ResolvedSynthesisOptions {
  return options.clone ? { ...options, clone: { ...options.clone, samples: options.clone.samples.slice() } } : options;
}

/** A {@link WireError} back as a ParleyError. */
export function fromWire(error: WireError): ParleyError {
  return new ParleyError(error.code, error.message, { retryable: error.retryable });
}
