import { ParleyError, toParleyError } from '@parley/core';
import type { FromVadWorker, LoadMessage, ToVadWorker, WireError } from './protocol.js';
import { SileroModel, type SileroState } from './silero-model.js';

/** Posts a message to the main thread. */
export type PostVadMessage = (message: FromVadWorker) => void;

interface Stream {
  /** Made at the stream's first run, once the model is there. */
  state: SileroState | undefined;
  readonly cancel: Int32Array;
}

interface Job {
  readonly stream: number;
  readonly samples: Float32Array;
}

/**
 * The worker side of the VAD protocol: owns the model, runs the windows of every stream one at
 * a time in arrival order, and skips the windows of a cancelled stream before their ONNX run.
 * Plain code over a `post` function, separate from the thread's entry.
 */
export class VadWorkerHost {
  private model: SileroModel | undefined;
  private loading: Promise<void> | undefined;
  private loadError: WireError | undefined;
  private runCounter: Int32Array<ArrayBufferLike> = new Int32Array(1);
  private readonly streams = new Map<number, Stream>();
  private readonly queue: Job[] = [];
  private running = false;
  private disposed = false;

  constructor(private readonly post: PostVadMessage) {}

  /** Handles one message from the main thread. */
  handle(message: ToVadWorker): void {
    switch (message.type) {
      case 'load':
        this.loading = this.load(message);
        return;
      case 'open':
        this.streams.set(message.stream, { state: undefined, cancel: new Int32Array(message.cancel) });
        return;
      case 'window':
        this.queue.push({ stream: message.stream, samples: message.samples });
        void this.drain();
        return;
      case 'close':
        this.streams.delete(message.stream);
        return;
      case 'dispose':
        void this.dispose();
        return;
    }
  }

  private async load(message: LoadMessage): Promise<void> {
    this.runCounter = new Int32Array(message.runCounter);
    try {
      this.model = await SileroModel.load(message.modelPath, message.threads);
      this.post({ type: 'loaded' });
    } catch (error) {
      this.loadError = toWire(error);
      this.post({ type: 'load-failed', error: this.loadError });
    }
  }

  /** Runs queued windows until none is left; only one drain runs at a time. */
  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.loading;
      for (let job = this.queue.shift(); job && !this.disposed; job = this.queue.shift()) await this.run(job);
    } finally {
      this.running = false;
    }
  }

  private async run({ stream: id, samples }: Job): Promise<void> {
    const stream = this.streams.get(id);
    if (!stream || Atomics.load(stream.cancel, 0) !== 0) return; // cancelled: no ONNX run
    try {
      if (!this.model) throw this.notLoaded();
      stream.state ??= this.model.newState();
      Atomics.add(this.runCounter, 0, 1);
      const probability = await this.model.probability(samples, stream.state);
      if (Atomics.load(stream.cancel, 0) === 0) this.post({ type: 'probability', stream: id, probability });
    } catch (error) {
      this.streams.delete(id); // one error ends the stream; its later windows are skipped
      if (Atomics.load(stream.cancel, 0) === 0) this.post({ type: 'error', stream: id, error: toWire(error) });
    }
  }

  private notLoaded(): ParleyError {
    const error = this.loadError;
    return error ? new ParleyError(error.code, error.message, { retryable: error.retryable }) : new ParleyError('INTERNAL', 'the VAD model is not loaded');
  }

  private async dispose(): Promise<void> {
    this.disposed = true;
    this.queue.length = 0;
    this.streams.clear();
    await this.loading;
    await this.model?.release();
    this.model = undefined;
    this.post({ type: 'disposed' });
  }
}

/** A thrown value as a {@link WireError}: a ParleyError keeps its code, anything else is INTERNAL. */
export function toWire(error: unknown): WireError {
  const parley = toParleyError(error);
  return { code: parley.code, message: parley.message, retryable: parley.retryable };
}
