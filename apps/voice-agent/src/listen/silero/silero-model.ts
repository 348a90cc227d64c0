import { existsSync } from 'node:fs';
import { ParleyError } from '@parley/core';
import * as ort from 'onnxruntime-node';
import { VAD_SAMPLE_RATE_HZ } from './model-file.js';

/** Size of each of the LSTM state tensors `h` and `c`: [2, batch 1, 64]. */
const STATE_SIZE = 2 * 1 * 64;
const STATE_DIMS = [2, 1, 64];

/** One stream's recurrent state: the model remembers what it heard through `h` and `c`. */
export interface SileroState {
  h: Float32Array;
  c: Float32Array;
}

/**
 * Silero VAD v4 on onnxruntime-node: one window of 16 kHz float samples in, a speech probability
 * out. Worker-side only: `session.run` blocks the calling thread
 * (docs/architecture.md#models-run-in-worker-threads).
 */
export class SileroModel {
  /** The sample-rate input, the same for every call. */
  private readonly sampleRate = new ort.Tensor('int64', BigInt64Array.from([BigInt(VAD_SAMPLE_RATE_HZ)]), []);

  private constructor(private readonly session: ort.InferenceSession) {}

  /**
   * Loads the model file and checks its inputs and outputs are Silero v4's.
   * @throws ParleyError MODEL_NOT_FOUND for a missing file, MODEL_LOAD_FAILED for anything else.
   */
  static async load(path: string, threads = 1): Promise<SileroModel> {
    if (!existsSync(path)) throw new ParleyError('MODEL_NOT_FOUND', `VAD model not found: ${path}`);
    let session: ort.InferenceSession;
    try {
      // One thread each: a window is ~0.5 ms of work, too little to split, and the TTS worker
      // wants the other cores.
      session = await ort.InferenceSession.create(path, { intraOpNumThreads: threads, interOpNumThreads: 1 });
    } catch (error) {
      throw new ParleyError('MODEL_LOAD_FAILED', `cannot load VAD model ${path}: ${String(error)}`, { cause: error });
    }
    const inputs = [...session.inputNames].sort().join(',');
    const outputs = [...session.outputNames].sort().join(',');
    if (inputs !== 'c,h,input,sr' || outputs !== 'cn,hn,output') {
      await session.release();
      const found = `inputs ${inputs}, outputs ${outputs}`;
      throw new ParleyError('MODEL_LOAD_FAILED', `${path} is not Silero VAD v4 (${found})`);
    }
    return new SileroModel(session);
  }

  /** A fresh state, as at the start of a stream. */
  newState(): SileroState {
    return { h: new Float32Array(STATE_SIZE), c: new Float32Array(STATE_SIZE) };
  }

  /** The probability that `samples` (16 kHz, in [-1, 1]) hold speech; advances `state`. */
  async probability(samples: Float32Array, state: SileroState): Promise<number> {
    const out = await this.session.run({
      input: new ort.Tensor('float32', samples, [1, samples.length]),
      sr: this.sampleRate,
      h: new ort.Tensor('float32', state.h, STATE_DIMS),
      c: new ort.Tensor('float32', state.c, STATE_DIMS),
    });
    state.h = out.hn!.data as Float32Array;
    state.c = out.cn!.data as Float32Array;
    return (out.output!.data as Float32Array)[0]!;
  }

  /** Frees the session. */
  release(): Promise<void> {
    return this.session.release();
  }
}
