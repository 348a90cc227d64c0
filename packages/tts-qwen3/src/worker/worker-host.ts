import { float32ToInt16, ParleyError, toParleyError } from '@parley/core';
import type { CancelSignal } from '../model/cancellation.js';
import { loadModel } from '../model/load-model.js';
import { RunMonitor } from '../model/run-monitor.js';
import { synthesizeText, type SynthesisRuntime } from '../synthesis/synthesize-text.js';
import { loadTokenizer } from '../tokenizer/text-tokenizer.js';
import { ReferenceCache } from '../voice-clone/prepared-reference.js';
import type { FromWorker, LoadMessage, ModelInfo, SynthesizeMessage, ToWorker, WireError } from './protocol.js';

/** Posts a message to the main thread, transferring `transfer`. */
export type PostMessage = (message: FromWorker, transfer?: ArrayBuffer[]) => void;

interface Request {
  readonly message: SynthesizeMessage;
  readonly signal: CancelSignal;
}

/**
 * The worker side of the protocol: owns the model, runs one synthesis at a time in arrival
 * order, and stops a cancelled one before its next ONNX run. Separate from the worker entry so
 * that it is plain code over a `post` function.
 */
export class WorkerHost {
  private runtime: SynthesisRuntime | undefined;
  private monitor: RunMonitor | undefined;
  private readonly queue: Request[] = [];
  private running: Promise<void> | undefined;
  private disposed = false;

  constructor(private readonly post: PostMessage) {}

  /** Handles one message from the main thread. */
  handle(message: ToWorker): void {
    switch (message.type) {
      case 'load':
        void this.load(message);
        return;
      case 'synthesize':
        this.enqueue(message);
        return;
      case 'cancel':
        this.dropQueued(message.id);
        return;
      case 'stats':
        this.post({ type: 'stats', id: message.id, stats: this.monitor?.snapshot() ?? { totalRuns: 0, byGraph: {}, deviceTensors: 0 } });
        return;
      case 'dispose':
        void this.dispose();
        return;
    }
  }

  private async load(message: LoadMessage): Promise<void> {
    try {
      this.monitor = new RunMonitor(new Int32Array(message.runCounter));
      const model = await loadModel(message.model, { device: message.device, threads: message.threads, layout: message.layout, kvCacheOnDevice: message.kvCacheOnDevice, monitor: this.monitor });
      this.runtime = { model, tokenizer: loadTokenizer(message.model), references: new ReferenceCache() };
      this.post({ type: 'loaded', info: modelInfo(this.runtime) });
    } catch (error) {
      this.post({ type: 'load-failed', error: toWire(error) });
    }
  }

  private enqueue(message: SynthesizeMessage): void {
    const cell = new Int32Array(message.cancel);
    // A getter over shared memory: the main thread's cancel is visible before the next ONNX run
    // even while this thread has not yet processed the `cancel` message.
    this.queue.push({ message, signal: { get aborted() { return Atomics.load(cell, 0) !== 0; } } });
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  private dropQueued(id: number): void {
    const index = this.queue.findIndex((request) => request.message.id === id);
    if (index >= 0) this.queue.splice(index, 1);
  }

  private async drain(): Promise<void> {
    for (let request = this.queue.shift(); request; request = this.queue.shift()) await this.run(request);
  }

  /** Runs one request; after a cancel it posts nothing more for it. */
  private async run({ message, signal }: Request): Promise<void> {
    const { id } = message;
    if (signal.aborted) return;
    try {
      if (!this.runtime || this.disposed) throw new ParleyError('INTERNAL', 'the model is not loaded');
      const audio = synthesizeText(this.runtime, message.text, message.options, signal);
      for (let step = await audio.next(); ; step = await audio.next()) {
        if (signal.aborted) return;
        if (step.done) {
          this.post({ type: 'end', id, frames: step.value.frames, stopReason: step.value.stopReason });
          return;
        }
        const samples = float32ToInt16(step.value);
        this.post({ type: 'audio', id, samples }, [samples.buffer as ArrayBuffer]);
      }
    } catch (error) {
      if (!signal.aborted) this.post({ type: 'error', id, error: toWire(error) });
    }
  }

  private async dispose(): Promise<void> {
    this.disposed = true;
    this.queue.length = 0;
    await this.running;
    await this.runtime?.model.release();
    this.runtime = undefined;
    this.post({ type: 'disposed' });
  }
}

function modelInfo({ model, tokenizer }: SynthesisRuntime): ModelInfo {
  return {
    dir: model.dir,
    layout: model.layout,
    precision: model.precision,
    kvCache: model.kvCache,
    kvCacheNote: model.kvCacheNote,
    config: model.config,
    sizes: model.sizes,
    tokenizer: tokenizer.source,
    hasSpeakerEncoder: model.graphs.speakerEncoder !== undefined,
    hasCodecEncoder: model.graphs.codecEncoder !== undefined,
  };
}

/** A thrown value as a {@link WireError}: a ParleyError keeps its code, anything else is INTERNAL. */
export function toWire(error: unknown): WireError {
  const parley = toParleyError(error);
  return { code: parley.code, message: parley.message, retryable: parley.retryable };
}
