import { parentPort } from 'node:worker_threads';
import { ParleyError } from '../errors.js';
import { CancelCell } from './cancel-cell.js';
import { InputFeed } from './input-feed.js';
import { fromWireError, toWireError, type FromModelWorker, type ModelProtocol, type ToModelWorker } from './model-protocol.js';

/** How a request's work answers: its cancel signal, and the way to send an output. */
export interface RequestReply<Output, Input = unknown> {
  /** Set by the main thread's cancel; check it before every model run. */
  readonly signal: { readonly aborted: boolean };
  /** Sends one output, transferring `transfer`; nothing is sent once the request is cancelled. */
  emit(value: Output, transfer?: ArrayBuffer[]): void;
  /**
   * With {@link ModelService.liveInputs}: the request's inputs as they arrive, ended by the
   * main thread's end of inputs or by a cancel (ended at once for a request without inputs).
   * Empty and ended otherwise, where inputs are jobs.
   */
  readonly inputs: InputFeed<Input>;
}

/** How a streaming request takes each of its inputs (one job each, see {@link ModelService.open}). */
export type RequestInputs<Input> = (input: Input) => Promise<void>;

/**
 * What a worker thread does with its model; {@link ModelHost} owns the protocol around it. Work
 * runs as jobs, one at a time in arrival order across all requests: a request's `open`, then each
 * of its inputs. A job waits for the load; a thrown error ends its request (as a {@link WireError})
 * and its later jobs are skipped, as are the jobs of a cancelled request.
 */
export interface ModelService<P extends ModelProtocol> {
  /**
   * Inputs go to the running `open` through `reply.inputs` the moment they arrive, instead of
   * as jobs queued behind it: for a request that takes input while it runs (text into a
   * synthesis that has started). Its `open` is then the whole request, which ends when it returns.
   */
  readonly liveInputs?: boolean;
  /** Loads the model. `runCounter` (Int32 [1]) is read by the main thread: add 1 as each run starts. */
  load(options: P['load'], runCounter: Int32Array): Promise<P['info']>;
  /**
   * Runs a request's own work, the first of its jobs (a synthesis, whole); for a streaming
   * request, returns how each input is handled (a VAD window).
   */
  open(request: P['request'], reply: RequestReply<P['output'], P['input']>): Promise<RequestInputs<P['input']> | void>;
  /** What the main thread's `stats()` gets; answered at once, between jobs. */
  stats?(): P['stats'];
  /** Frees the model; called once, after the running job has stopped. */
  release(): Promise<void>;
}

/** Posts a message to the main thread, transferring `transfer`. */
export type PostToMain<P extends ModelProtocol> = (message: FromModelWorker<P>, transfer?: ArrayBuffer[]) => void;

interface OpenRequest<P extends ModelProtocol> {
  readonly cancel: CancelCell;
  inputs: RequestInputs<P['input']> | void;
  /** The inputs of a live request (see {@link ModelService.liveInputs}); ended for others. */
  readonly feed: InputFeed<P['input']>;
}

type Job<P extends ModelProtocol> =
  | { readonly id: number; readonly kind: 'open'; readonly payload: P['request'] }
  | { readonly id: number; readonly kind: 'input'; readonly value: P['input'] }
  | { readonly id: number; readonly kind: 'end' };

/**
 * The worker side of the model protocol, over a {@link ModelService}: loads the model, queues
 * every request's jobs in arrival order, skips a cancelled request's jobs before their model run,
 * carries errors as {@link WireError}s, and frees the model on `dispose`. Plain code over a
 * `post` function; {@link serveModel} wires it to the thread.
 */
export class ModelHost<P extends ModelProtocol> {
  private loading: Promise<void> | undefined;
  private loadError: ParleyError | undefined;
  private readonly requests = new Map<number, OpenRequest<P>>();
  private queue: Job<P>[] = [];
  private draining: Promise<void> | undefined;
  private disposed = false;

  constructor(
    private readonly service: ModelService<P>,
    private readonly post: PostToMain<P>,
  ) {}

  /** Handles one message from the main thread. */
  handle(message: ToModelWorker<P>): void {
    switch (message.type) {
      case 'load':
        this.loading = this.load(message.options, new Int32Array(message.runCounter));
        return;
      case 'request':
        return this.accept(message.id, message.payload, new CancelCell(message.cancel), message.streaming);
      case 'input':
        if (this.service.liveInputs) return this.requests.get(message.id)?.feed.push(message.value);
        return this.enqueue({ id: message.id, kind: 'input', value: message.value });
      case 'end-input':
        if (this.service.liveInputs) return this.requests.get(message.id)?.feed.end();
        return this.enqueue({ id: message.id, kind: 'end' });
      case 'cancel':
        this.requests.get(message.id)?.feed.end(); // wakes a live request waiting for input
        this.requests.delete(message.id);
        this.queue = this.queue.filter((job) => job.id !== message.id);
        return;
      case 'stats':
        return this.post({ type: 'stats', id: message.id, stats: this.service.stats?.() as P['stats'] });
      case 'dispose':
        void this.dispose();
        return;
    }
  }

  /** Queues a new request's open, and its end unless inputs (as jobs) come before it. */
  private accept(id: number, payload: P['request'], cancel: CancelCell, streaming: boolean): void {
    const feed = new InputFeed<P['input']>();
    if (!streaming || !this.service.liveInputs) feed.end();
    this.requests.set(id, { cancel, inputs: undefined, feed });
    this.enqueue({ id, kind: 'open', payload });
    if (!streaming || this.service.liveInputs) this.enqueue({ id, kind: 'end' });
  }

  private async load(options: P['load'], runCounter: Int32Array): Promise<void> {
    try {
      this.post({ type: 'loaded', info: await this.service.load(options, runCounter) });
    } catch (error) {
      const wire = toWireError(error);
      this.loadError = fromWireError(wire);
      this.post({ type: 'load-failed', error: wire });
    }
  }

  private enqueue(job: Job<P>): void {
    this.queue.push(job);
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
  }

  private async drain(): Promise<void> {
    for (let job = this.queue.shift(); job && !this.disposed; job = this.queue.shift()) await this.run(job);
  }

  /** Runs one job; after a cancel it posts nothing more for its request. */
  private async run(job: Job<P>): Promise<void> {
    const request = this.requests.get(job.id);
    if (!request || request.cancel.aborted) return; // cancelled or ended: no model run
    try {
      await this.loading;
      if (this.loadError || !this.loading) throw this.loadError ?? new ParleyError('INTERNAL', 'the model is not loaded');
      if (job.kind === 'open') request.inputs = await this.service.open(job.payload, this.replyTo(job.id, request));
      else if (job.kind === 'input') await this.takeInput(request, job.value);
      else this.end(job.id);
    } catch (error) {
      this.requests.delete(job.id); // one error ends the request; its later jobs are skipped
      if (!request.cancel.aborted) this.post({ type: 'error', id: job.id, error: toWireError(error) });
    }
  }

  private takeInput(request: OpenRequest<P>, value: P['input']): Promise<void> {
    if (!request.inputs) throw new ParleyError('INTERNAL', 'this request takes no inputs');
    return request.inputs(value);
  }

  private end(id: number): void {
    this.requests.delete(id);
    this.post({ type: 'end', id });
  }

  private replyTo(id: number, { cancel, feed }: OpenRequest<P>): RequestReply<P['output'], P['input']> {
    return {
      signal: cancel,
      inputs: feed,
      emit: (value, transfer) => {
        if (!cancel.aborted && this.requests.has(id)) this.post({ type: 'output', id, value }, transfer);
      },
    };
  }

  /** Drops every job, waits for the running one (its cell is set, so it stops at its next run), frees the model. */
  private async dispose(): Promise<void> {
    this.disposed = true;
    this.queue = [];
    for (const request of this.requests.values()) request.feed.end();
    this.requests.clear();
    await this.draining;
    await this.loading;
    if (!this.loadError) await this.service.release();
    this.post({ type: 'disposed' });
  }
}

/**
 * Serves `service` on this worker thread's `parentPort`: the whole of a model worker's entry.
 *
 * @example
 * ```ts
 * // vad-worker-entry.ts, started with `new ModelWorker({ entry: siblingEntry(import.meta.url, 'vad-worker-entry'), … })`
 * serveModel(new VadService());
 * ```
 */
export function serveModel<P extends ModelProtocol>(service: ModelService<P>): ModelHost<P> {
  const port = parentPort;
  if (!port) throw new Error('serveModel must run in a worker thread');
  const host = new ModelHost(service, (message, transfer) => port.postMessage(message, transfer ?? []));
  port.on('message', (message: ToModelWorker<P>) => host.handle(message));
  return host;
}
