import type * as ort from 'onnxruntime-node';
import type { Outputs } from '../model/onnx-graph.js';

/**
 * The talker's KV cache: the `present_key_i`/`present_value_i` tensors of the last talker run,
 * fed back unchanged as the next decode's `past_key_i`/`past_value_i` (models README: the decode
 * step's RoPE position is the cache length). The tensors are passed through, never copied in JS.
 */
export class KvCache {
  private constructor(
    private readonly past: Record<string, ort.Tensor>,
    /** Positions cached (P). */
    readonly length: number,
  ) {}

  /** The cache a talker run returned; `layers` pairs, each `[1,kvH,P,hd]`. */
  static fromOutputs(outputs: Outputs, layers: number): KvCache {
    const past: Record<string, ort.Tensor> = {};
    let length = -1;
    for (let layer = 0; layer < layers; layer++) {
      for (const kind of ['key', 'value']) {
        const tensor = outputs[`present_${kind}_${layer}`];
        if (!tensor) throw new Error(`talker returned no present_${kind}_${layer}`);
        past[`past_${kind}_${layer}`] = tensor;
        length = tensor.dims[2] ?? -1;
      }
    }
    return new KvCache(past, length);
  }

  /** The `past_*` feeds of the next decode step. */
  feeds(): Record<string, ort.Tensor> {
    return this.past;
  }
}
