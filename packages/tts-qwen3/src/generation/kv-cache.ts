import type * as ort from 'onnxruntime-node';
import type { Outputs } from '../model/onnx-graph.js';

/**
 * The talker's KV cache, as the frame loop sees it: what to feed the next decode step, and how
 * to take in what a talker run returned. One small interface, so that a layout with an
 * in-place cache (IO binding, a fixed-size ring) can replace {@link ReturnedKvCache} without
 * touching the loop.
 */
export interface KvCache {
  /** Positions cached (P): the next decode step's RoPE position (models README). */
  readonly length: number;
  /** Bytes the cache holds: what a decode step of the community layout returns and ORT copies out. */
  readonly bytes: number;
  /** The `past_*` feeds of the next decode step. */
  feeds(): Record<string, ort.Tensor>;
  /** Takes in the cache a talker run (prefill or decode) returned. */
  update(outputs: Outputs): void;
}

/**
 * The community layout's cache (doc §3): every talker run returns the whole cache as
 * `present_key_i`/`present_value_i` (`[1,kvH,P,hd]` each), fed back unchanged as the next
 * decode's `past_key_i`/`past_value_i`. The tensors are passed through, never copied in JS;
 * ORT's copy of them out of the run (~1 ms/MB, ENVIRONMENT.md) is the layout's cost.
 */
export class ReturnedKvCache implements KvCache {
  private past: Record<string, ort.Tensor> = {};
  length = 0;
  bytes = 0;

  constructor(private readonly layers: number) {}

  feeds(): Record<string, ort.Tensor> {
    return this.past;
  }

  update(outputs: Outputs): void {
    const past: Record<string, ort.Tensor> = {};
    let length = -1;
    let bytes = 0;
    for (let layer = 0; layer < this.layers; layer++) {
      for (const kind of ['key', 'value']) {
        const tensor = outputs[`present_${kind}_${layer}`];
        if (!tensor) throw new Error(`talker returned no present_${kind}_${layer}`);
        past[`past_${kind}_${layer}`] = tensor;
        length = tensor.dims[2] ?? -1;
        bytes += tensor.size * 4; // float32
      }
    }
    [this.past, this.length, this.bytes] = [past, length, bytes];
  }
}
