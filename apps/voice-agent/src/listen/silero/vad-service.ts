import { ParleyError } from '@parley/core';
import type { ModelService, RequestInputs, RequestReply } from '@parley/core/runtime';
import type { VadLoad, VadProtocol } from './protocol.js';
import { SileroModel } from './silero-model.js';

/**
 * Silero VAD in its worker thread: owns the model, and gives each stream its own recurrent
 * state. Core's `ModelHost` runs the windows of every stream one at a time in arrival order and
 * skips the windows of a cancelled stream before their ONNX run.
 */
export class VadService implements ModelService<VadProtocol> {
  private model: SileroModel | undefined;
  private runCounter: Int32Array = new Int32Array(1);

  async load(options: VadLoad, runCounter: Int32Array): Promise<void> {
    this.runCounter = runCounter;
    this.model = await SileroModel.load(options.modelPath, options.threads);
  }

  /** A stream: a fresh model state, then one probability per window. */
  async open(_request: void, reply: RequestReply<number>): Promise<RequestInputs<Float32Array>> {
    const model = this.model;
    if (!model) throw new ParleyError('INTERNAL', 'the VAD model is not loaded');
    const state = model.newState();
    return async (samples) => {
      if (reply.signal.aborted) return; // cancelled since the host's check: no ONNX run
      Atomics.add(this.runCounter, 0, 1);
      reply.emit(await model.probability(samples, state));
    };
  }

  async release(): Promise<void> {
    await this.model?.release();
    this.model = undefined;
  }
}
