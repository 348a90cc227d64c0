import * as ort from 'onnxruntime-node';
import type { Outputs } from '../model/onnx-graph.js';

/**
 * The talker's KV cache, as the frame loop sees it: what to feed the next decode step, and how
 * to take in what a talker run returned. One small interface, so the community layout's
 * {@link ReturnedKvCache} and the parley layout's {@link TimeMajorKvCache} share the loop.
 */
export interface KvCache {
  /** Positions cached (P): the next decode step's RoPE position (models README). */
  readonly length: number;
  /**
   * Bytes of cache the last run returned, which ORT copied out of the run (~1 ms/MB,
   * ENVIRONMENT.md): the whole cache in the community layout, one position in the parley one.
   */
  readonly returnedBytes: number;
  /** The `past_*` feeds of the next decode step. */
  feeds(): Record<string, ort.Tensor>;
  /** Takes in the cache a talker run (prefill or decode) returned. */
  update(outputs: Outputs): void;
}

/** The output of `layer`'s key or value under `prefix`. @throws Error when the run did not return it. */
function kvOutput(outputs: Outputs, prefix: string, kind: 'key' | 'value', layer: number): ort.Tensor {
  const tensor = outputs[`${prefix}${kind}_${layer}`];
  if (!tensor) throw new Error(`graph returned no ${prefix}${kind}_${layer}`);
  return tensor;
}

/**
 * The community layout's cache (doc §3): every talker run returns the whole cache as
 * `present_key_i`/`present_value_i` (`[1,kvH,P,hd]` each), fed back unchanged as the next
 * decode's `past_key_i`/`past_value_i`. The tensors are passed through, never copied in JS;
 * ORT's copy of them out of the run is the layout's cost.
 */
export class ReturnedKvCache implements KvCache {
  private past: Record<string, ort.Tensor> = {};
  length = 0;
  returnedBytes = 0;

  constructor(private readonly layers: number) {}

  feeds(): Record<string, ort.Tensor> {
    return this.past;
  }

  update(outputs: Outputs): void {
    const past: Record<string, ort.Tensor> = {};
    let length = -1;
    let bytes = 0;
    for (let layer = 0; layer < this.layers; layer++) {
      for (const kind of ['key', 'value'] as const) {
        const tensor = kvOutput(outputs, 'present_', kind, layer);
        past[`past_${kind}_${layer}`] = tensor;
        length = tensor.dims[2] ?? -1;
        bytes += tensor.size * 4; // float32
      }
    }
    [this.past, this.length, this.returnedBytes] = [past, length, bytes];
  }
}

/**
 * The parley layout's cache (issue 7): time-major buffers `[capacity, kvH, hd]` per layer and
 * tensor, kept here. A prefill's `present_*` `[T,kvH,hd]` and each step's `new_*` `[1,kvH,hd]`
 * are appended; the filled prefix `[P,kvH,hd]` is one contiguous view, fed as `past_*` in place
 * (ORT reads CPU inputs without a copy). Buffers double when full, so a synthesis reallocates
 * O(log frames) times; {@link reset} reuses them (the code predictor's cache, per frame).
 */
export class TimeMajorKvCache implements KvCache {
  private readonly keys: Float32Array[] = [];
  private readonly values: Float32Array[] = [];
  /** Layers and a position's `[kvH, hd]`, known from the first update. */
  private layers = 0;
  private positionDims: readonly number[] = [];
  /** Floats per position: kvH × hd. */
  private stride = 0;
  private capacity = 0;
  length = 0;
  returnedBytes = 0;

  /** `initialCapacity` positions are allocated on the first update (more if it brings more). */
  constructor(private readonly initialCapacity = 256) {}

  feeds(): Record<string, ort.Tensor> {
    const feeds: Record<string, ort.Tensor> = {};
    const used = this.length * this.stride;
    const dims = [this.length, ...this.positionDims];
    for (let layer = 0; layer < this.layers; layer++) {
      feeds[`past_key_${layer}`] = new ort.Tensor('float32', this.keys[layer]!.subarray(0, used), dims);
      feeds[`past_value_${layer}`] = new ort.Tensor('float32', this.values[layer]!.subarray(0, used), dims);
    }
    return feeds;
  }

  /** Appends the `present_*` (prefill) or `new_*` (step) outputs of a run. */
  update(outputs: Outputs): void {
    const prefix = outputs.present_key_0 ? 'present_' : 'new_';
    const first = kvOutput(outputs, prefix, 'key', 0);
    const added = first.dims[0]!;
    if (this.layers === 0) this.start(outputs, prefix, first.dims.slice(1));
    this.reserve(this.length + added);
    const offset = this.length * this.stride;
    for (let layer = 0; layer < this.layers; layer++) {
      this.keys[layer]!.set(kvOutput(outputs, prefix, 'key', layer).data as Float32Array, offset);
      this.values[layer]!.set(kvOutput(outputs, prefix, 'value', layer).data as Float32Array, offset);
    }
    this.length += added;
    this.returnedBytes = 2 * this.layers * added * this.stride * 4; // float32
  }

  /** Empties the cache, keeping its buffers. */
  reset(): void {
    this.length = 0;
  }

  private start(outputs: Outputs, prefix: string, positionDims: readonly number[]): void {
    while (outputs[`${prefix}key_${this.layers}`]) this.layers++;
    this.positionDims = positionDims;
    this.stride = positionDims.reduce((a, b) => a * b, 1);
  }

  private reserve(positions: number): void {
    if (positions <= this.capacity) return;
    const capacity = Math.max(positions, this.capacity * 2, this.initialCapacity);
    for (let layer = 0; layer < this.layers; layer++) {
      this.keys[layer] = grown(this.keys[layer], capacity * this.stride, this.length * this.stride);
      this.values[layer] = grown(this.values[layer], capacity * this.stride, this.length * this.stride);
    }
    this.capacity = capacity;
  }
}

/** A buffer of `size` floats holding the first `used` of `old`. */
function grown(old: Float32Array | undefined, size: number, used: number): Float32Array {
  const buffer = new Float32Array(size);
  if (old) buffer.set(old.subarray(0, used));
  return buffer;
}
