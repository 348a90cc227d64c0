import { float32ToInt16, ParleyError } from '@parley/core';
import type { ModelService, RequestReply } from '@parley/core/runtime';
import { loadModel } from '../model/load-model.js';
import { RunMonitor, type RunStats } from '../model/run-monitor.js';
import { ArrivingText } from '../synthesis/arriving-text.js';
import { synthesizeText, type SynthesisRuntime } from '../synthesis/synthesize-text.js';
import { loadTokenizer } from '../tokenizer/text-tokenizer.js';
import { ReferenceCache } from '../voice-clone/prepared-reference.js';
import type { EngineLoad, EngineProtocol, ModelInfo, SegmentRequest } from './protocol.js';

/**
 * The engine in its worker thread: owns the model and speaks one segment per request. Core's
 * `ModelHost` runs the requests one at a time in arrival order and skips a cancelled one; the
 * request's cancel cell goes to the generation loop, which checks it before every ONNX run.
 */
export class EngineService implements ModelService<EngineProtocol> {
  /** A segment's text pieces reach its running synthesis as they arrive. */
  readonly liveInputs = true;
  private runtime: SynthesisRuntime | undefined;
  private monitor: RunMonitor | undefined;

  async load(options: EngineLoad, runCounter: Int32Array): Promise<ModelInfo> {
    this.monitor = new RunMonitor(runCounter);
    const { device, threads, layout, kvCacheOnDevice } = options;
    const model = await loadModel(options.model, { device, threads, layout, kvCacheOnDevice, monitor: this.monitor });
    this.runtime = { model, tokenizer: loadTokenizer(options.model), references: new ReferenceCache() };
    return modelInfo(this.runtime);
  }

  /**
   * Speaks the segment, chunk by chunk, from its whole text or from the pieces arriving as the
   * request's inputs; stops (and frees its caches) once cancelled, also while waiting for text.
   */
  async open({ text, options, piecesEndWords }: SegmentRequest, reply: RequestReply<Int16Array, string>): Promise<void> {
    const runtime = this.runtime;
    if (!runtime) throw new ParleyError('INTERNAL', 'the model is not loaded');
    const source =
      text ?? new ArrivingText(reply.inputs, runtime.tokenizer, runtime.model.config.text.ttsEos, reply.signal, piecesEndWords);
    for await (const chunk of synthesizeText(runtime, source, options, reply.signal)) {
      if (reply.signal.aborted) return;
      const samples = float32ToInt16(chunk);
      reply.emit(samples, [samples.buffer as ArrayBuffer]);
    }
  }

  stats(): RunStats {
    return this.monitor?.snapshot() ?? { totalRuns: 0, byGraph: {}, deviceTensors: 0 };
  }

  async release(): Promise<void> {
    await this.runtime?.model.release();
    this.runtime = undefined;
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
