import type { Worker } from 'node:worker_threads';
import { Observable, type Subscriber } from 'rxjs';
import { ParleyError } from '../errors.js';
import { CancelCell } from './cancel-cell.js';
import { fromWireError, type FromModelWorker, type ModelProtocol, type ToModelWorker } from './model-protocol.js';
import { spawnModuleWorker } from './spawn-module-worker.js';

/**
 * How long {@link ModelWorker.dispose} waits for the worker to free its model before it ends the
 * thread anyway. The worker first finishes the model run under way (it checks the cancel cells
 * only between runs): on a CPU a real model's longest single run, a prefill or a codec decode
 * window, takes up to about a second, and freeing the sessions takes more. Ending the thread
 * before they are freed leaves their native memory, GPU buffers included, to the process's exit;
 * a worker that never answers costs this much and no more. A VAD's runs take a millisecond, so
 * the bound costs it nothing.
 */
export const MODEL_DISPOSE_TIMEOUT_MS = 5_000;

/** Options of a {@link ModelWorker}. */
export interface ModelWorkerOptions<P extends ModelProtocol> {
  /** Names the model in errors: "the VAD was disposed", "VAD worker exited (code 1)". */
  readonly name: string;
  /** The worker's entry module, which calls `serveModel` (pass `siblingEntry(import.meta.url, …)`). */
  readonly entry: URL;
  /** What the worker's `ModelService.load` gets. */
  readonly load: P['load'];
}

/** Options of one {@link ModelWorker.request}. */
export interface ModelRequestOptions<P extends ModelProtocol> {
  /** Buffers of the payload to transfer rather than copy (they are detached here after). */
  readonly transfer?: ArrayBuffer[];
  /** A streaming request's inputs, sent as they arrive; the request ends after the last one. */
  readonly inputs?: Observable<P['input']>;
  /** The buffers of an input to transfer. */
  readonly transferInput?: (input: P['input']) => ArrayBuffer[];
}

interface OpenRequest<P extends ModelProtocol> {
  readonly subscriber: Subscriber<P['output']>;
  readonly cancel: CancelCell;
}

interface StatsQuery<P extends ModelProtocol> {
  resolve(stats: P['stats']): void;
  reject(error: ParleyError): void;
}

/**
 * A model in a worker thread, from the main thread: starts the thread, loads the model there
 * (without waiting: requests sent meanwhile wait in the worker) and turns each request into a
 * cold Observable of its outputs. Unsubscribing cancels: the request's cancel cell is set (the
 * worker checks it before every model run) and `cancel` is posted; whatever still arrives for it
 * is dropped. A crashed worker ends every open request with INTERNAL and refuses new ones.
 *
 * @example
 * ```ts
 * const vad = new ModelWorker<VadProtocol>({ name: 'VAD', entry: siblingEntry(import.meta.url, 'vad-worker-entry'), load: { modelPath, threads: 1 } });
 * await vad.ready;
 * windows$.pipe((windows) => vad.request(undefined, { inputs: windows })).subscribe(console.log);
 * await vad.dispose();
 * ```
 */
export class ModelWorker<P extends ModelProtocol> {
  /** What the worker loaded; rejects with the load's ParleyError (which every request then gets). */
  readonly ready: Promise<P['info']>;
  /**
   * Messages that arrived for a request no longer open (cancelled or ended): ones already in
   * flight when a cancel was sent. Tests read it to check that the worker stops sending.
   */
  strayMessages = 0;
  private readonly worker: Worker;
  private readonly runCounter = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  private readonly open = new Map<number, OpenRequest<P>>();
  private readonly queries = new Map<number, StatsQuery<P>>();
  private readonly loadWaiter = deferred<P['info']>();
  private readonly exited = deferred<void>();
  private nextId = 1;
  private closed: ParleyError | undefined;
  private disposing: Promise<void> | undefined;

  constructor(private readonly options: ModelWorkerOptions<P>) {
    this.ready = this.loadWaiter.promise;
    this.ready.catch(() => {}); // also reported to every request: a caller that never awaits it is fine
    this.worker = spawnModuleWorker(options.entry);
    this.worker.on('message', (message: FromModelWorker<P>) => this.receive(message));
    this.worker.on('error', (error) =>
      this.fail(new ParleyError('INTERNAL', `${options.name} worker failed: ${error.message}`, { cause: error })),
    );
    this.worker.on('exit', (code) => {
      this.exited.resolve();
      this.fail(new ParleyError('INTERNAL', `${options.name} worker exited (code ${code})`));
    });
    this.post({ type: 'load', options: options.load, runCounter: this.runCounter.buffer as SharedArrayBuffer });
  }

  /** Sends one request; cold: it is sent on subscribe and cancelled on unsubscribe. */
  request(payload: P['request'], options: ModelRequestOptions<P> = {}): Observable<P['output']> {
    return new Observable<P['output']>((subscriber) => {
      if (this.closed) return void subscriber.error(this.closed);
      const id = this.nextId++;
      const cancel = new CancelCell();
      this.open.set(id, { subscriber, cancel });
      const { inputs, transferInput } = options;
      this.post({ type: 'request', id, payload, cancel: cancel.buffer, streaming: inputs !== undefined }, options.transfer);
      const sending = inputs?.subscribe({
        next: (value) => this.open.has(id) && this.post({ type: 'input', id, value }, transferInput?.(value)),
        error: (error: unknown) => {
          this.cancel(id);
          subscriber.error(error);
        },
        complete: () => this.open.has(id) && this.post({ type: 'end-input', id }),
      });
      return () => {
        sending?.unsubscribe();
        this.cancel(id);
      };
    });
  }

  /** Model runs started in the worker so far, read from shared memory: exact at any moment. */
  runsStarted(): number {
    return Atomics.load(this.runCounter, 0);
  }

  /** The worker's stats, as it has them once it handles this message (after any cancel sent before). */
  stats(): Promise<P['stats']> {
    if (this.closed) return Promise.reject(this.closed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.queries.set(id, { resolve, reject });
      this.post({ type: 'stats', id });
    });
  }

  /**
   * Cancels every request, frees the model and ends the thread; idempotent. In this order: every
   * cancel cell is set first, so the job running in the worker stops before its next model run
   * even while the worker's event loop is busy; the open requests end with CANCELLED at once,
   * since nothing more will be sent for them; then the worker frees its model, waited for at
   * most {@link MODEL_DISPOSE_TIMEOUT_MS}; then the thread is ended.
   */
  dispose(): Promise<void> {
    this.disposing ??= this.shutdown();
    return this.disposing;
  }

  private async shutdown(): Promise<void> {
    if (!this.closed) {
      const disposed = new Promise<void>((resolve) =>
        this.worker.on('message', (m: FromModelWorker<P>) => m.type === 'disposed' && resolve()),
      );
      this.fail(new ParleyError('CANCELLED', `the ${this.options.name} was disposed`));
      this.post({ type: 'dispose' });
      const timeout = new Promise((resolve) => setTimeout(resolve, MODEL_DISPOSE_TIMEOUT_MS).unref());
      await Promise.race([disposed, this.exited.promise, timeout]);
    }
    await this.worker.terminate();
  }

  private cancel(id: number): void {
    const request = this.open.get(id);
    if (!request) return; // already ended
    this.open.delete(id);
    request.cancel.cancel();
    if (!this.closed) this.post({ type: 'cancel', id });
  }

  private receive(message: FromModelWorker<P>): void {
    switch (message.type) {
      case 'loaded':
        return this.loadWaiter.resolve(message.info);
      case 'load-failed':
        return this.fail(fromWireError(message.error));
      case 'stats':
        this.queries.get(message.id)?.resolve(message.stats);
        this.queries.delete(message.id);
        return;
      case 'disposed':
        return;
    }
    const request = this.open.get(message.id);
    if (!request) return void this.strayMessages++; // cancelled: whatever was in flight is dropped
    if (message.type === 'output') return request.subscriber.next(message.value);
    this.open.delete(message.id);
    if (message.type === 'end') request.subscriber.complete();
    else request.subscriber.error(fromWireError(message.error));
  }

  /** Ends every open request and query with `error` and refuses new ones (the first error stays). */
  private fail(error: ParleyError): void {
    this.closed ??= error;
    this.loadWaiter.reject(error);
    const open = [...this.open.values()];
    const queries = [...this.queries.values()];
    this.open.clear();
    this.queries.clear();
    for (const { subscriber, cancel } of open) {
      cancel.cancel();
      subscriber.error(error);
    }
    for (const query of queries) query.reject(error);
  }

  private post(message: ToModelWorker<P>, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(message, transfer);
  }
}

/** A promise with its resolve and reject, settled once. */
function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
