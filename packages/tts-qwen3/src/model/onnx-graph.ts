import type * as ort from 'onnxruntime-node';
import { throwIfCancelled, type CancelSignal } from './cancellation.js';
import type { GraphName } from '@parley/qwen3-contract';
import type { RunMonitor } from './run-monitor.js';

/** Feeds of one run, by input name. */
export type Feeds = Record<string, ort.Tensor>;
/** Outputs of one run, by output name. */
export type Outputs = ort.InferenceSession.OnnxValueMapType;

/**
 * Whether `tensor` lives in a GPU buffer. Such a tensor is only ever fed to another run or
 * freed: in onnxruntime-node 1.30 `getData()` on one aborts the whole process, and `data` throws.
 */
function onDevice(tensor: ort.Tensor): boolean {
  return tensor.location === 'gpu-buffer';
}

/**
 * One loaded graph. Every ONNX run in the engine goes through {@link OnnxGraph.run}, which
 * refuses to start once `signal` is aborted and counts the runs it starts, so "no run after a
 * cancel" holds by construction and can be measured.
 */
export class OnnxGraph {
  constructor(
    readonly name: GraphName,
    readonly session: ort.InferenceSession,
    private readonly monitor: RunMonitor,
  ) {}

  /**
   * Runs the graph.
   * @throws ParleyError CANCELLED, before running, when `signal` is aborted.
   */
  async run(feeds: Feeds, signal?: CancelSignal): Promise<Outputs> {
    this.monitor.started(this.name);
    try {
      throwIfCancelled(signal);
    } catch (error) {
      this.monitor.refused(this.name);
      throw error;
    }
    const started = performance.now();
    try {
      const outputs = await this.session.run(feeds);
      this.monitor.deviceTensorsMade(Object.values(outputs).filter(onDevice).length);
      return outputs;
    } finally {
      this.monitor.finished(this.name, performance.now() - started);
    }
  }

  /** Frees a GPU tensor that a run of this model returned (a no-op for a host tensor). */
  free(tensor: ort.Tensor): void {
    if (!onDevice(tensor)) return;
    tensor.dispose();
    this.monitor.deviceTensorFreed();
  }

  /** Frees the session's native memory. */
  release(): Promise<void> {
    return this.session.release();
  }
}
