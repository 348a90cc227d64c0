import * as ort from 'onnxruntime-node';
import type { Outputs } from '../model/onnx-graph.js';
import { ScalarInt64 } from './step-tensors.js';

/**
 * A KV cache, as the frame loop sees it: what to feed the next decode step, and how to take in
 * what a run returned. One small interface, so the community layout's {@link ReturnedKvCache},
 * the parley layout's {@link CapacityKvCache} and its GPU-resident `DeviceKvCache` share the loop.
 */
export interface KvCache {
  /** Positions cached (P): the next decode step's RoPE position (docs/model.md#sizes). */
  readonly length: number;
  /**
   * Bytes of cache the last run returned, which ORT copied out of the run (~1 ms/MB,
   * docs/model.md#what-onnx-runtime-costs): the whole cache in the community layout, one position
   * in the parley one.
   */
  readonly returnedBytes: number;
  /** The `past_*` feeds of the next decode step. */
  feeds(): Record<string, ort.Tensor>;
  /** Takes in the cache a run (prefill or decode) returned; a cache on a GPU runs a graph to do it. */
  update(outputs: Outputs): void | Promise<void>;
  /** Frees what the cache holds on a device (nothing for one in host memory); the cache is empty after. */
  release(): void;
}

/** Frees a GPU tensor a run returned (`OnnxGraph.free`); a no-op for host tensors. */
export type FreeTensor = (tensor: ort.Tensor) => void;

/** The output of `layer`'s key or value under `prefix`. @throws Error when the run did not return it. */
export function kvOutput(outputs: Outputs, prefix: string, kind: 'key' | 'value', layer: number): ort.Tensor {
  const tensor = outputs[`${prefix}${kind}_${layer}`];
  if (!tensor) throw new Error(`graph returned no ${prefix}${kind}_${layer}`);
  return tensor;
}

/**
 * The community layout's cache (docs/model.md#community-layout): every talker run returns the whole cache as
 * `present_key_i`/`present_value_i` (`[1,kvH,P,hd]` each), fed back unchanged as the next
 * decode's `past_key_i`/`past_value_i`. The tensors are passed through, never copied in JS;
 * ORT's copy of them out of the run is the layout's cost on the CPU. On WebGPU they stay in GPU
 * buffers (the whole cache on the device, nothing copied), and each replaced one is freed.
 */
export class ReturnedKvCache implements KvCache {
  private past: Record<string, ort.Tensor> = {};
  length = 0;
  returnedBytes = 0;

  constructor(
    private readonly layers: number,
    private readonly free: FreeTensor = () => undefined,
  ) {}

  feeds(): Record<string, ort.Tensor> {
    return this.past;
  }

  release(): void {
    for (const tensor of Object.values(this.past)) this.free(tensor);
    [this.past, this.length] = [{}, 0];
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
        if (tensor.location !== 'gpu-buffer') bytes += tensor.size * 4; // float32, copied out to the host
      }
    }
    this.release();
    [this.past, this.length, this.returnedBytes] = [past, length, bytes];
  }
}

/**
 * The parley layout's cache (docs/model.md#kv-caches): per layer a key and a value buffer of `[kvH, capacity,
 * hd]`, kept here. A prefill's `present_*` `[kvH, T, hd]` and each step's `new_*` `[kvH, 1, hd]`
 * are written at the filled length of every head; the step graphs read the whole buffers in place
 * (`past_*`, never copied: ORT uses CPU inputs as they are) with `past_length`. While the capacity
 * holds, the feed tensors are the same objects step after step. Every step's attention reads the
 * whole capacity, so it is kept close to the length: grown to the length plus a quarter (at least
 * 32 positions) when outgrown, which re-copies the cache O(log frames) times per synthesis.
 * {@link reset} reuses the buffers (the code predictor's cache, once per frame).
 */
export class CapacityKvCache implements KvCache {
  private keys: Float32Array[] = [];
  private values: Float32Array[] = [];
  private readonly pastLength = new ScalarInt64([1]);
  private pastFeeds: Record<string, ort.Tensor> = {};
  /** Layers, kv heads and head size, known from the first update. */
  private layers = 0;
  private kvHeads = 0;
  private headDim = 0;
  private capacity = 0;
  length = 0;
  returnedBytes = 0;

  /** With `fixedCapacity`, the buffers hold exactly that many positions and never grow (the code predictor's frame). */
  constructor(private readonly fixedCapacity?: number) {}

  feeds(): Record<string, ort.Tensor> {
    this.pastLength.set(this.length);
    return this.pastFeeds;
  }

  /** Writes the `present_*` (prefill) or `new_*` (step) outputs of a run after the filled positions. */
  update(outputs: Outputs): void {
    const prefix = outputs.present_key_0 ? 'present_' : 'new_';
    const first = kvOutput(outputs, prefix, 'key', 0);
    if (this.layers === 0) this.start(outputs, prefix, first.dims);
    const added = first.dims[1]!;
    this.reserve(this.length + added);
    for (let layer = 0; layer < this.layers; layer++) {
      this.write(this.keys[layer]!, kvOutput(outputs, prefix, 'key', layer).data as Float32Array, added);
      this.write(this.values[layer]!, kvOutput(outputs, prefix, 'value', layer).data as Float32Array, added);
    }
    this.length += added;
    this.returnedBytes = 2 * this.layers * this.kvHeads * added * this.headDim * 4; // float32
  }

  /** Empties the cache, keeping its buffers. */
  reset(): void {
    this.length = 0;
  }

  /** Host buffers are the garbage collector's; emptying is all there is to do. */
  release(): void {
    this.reset();
  }

  private start(outputs: Outputs, prefix: string, dims: readonly number[]): void {
    while (outputs[`${prefix}key_${this.layers}`]) this.layers++;
    [this.kvHeads, this.headDim] = [dims[0]!, dims[2]!];
  }

  /** Copies `added` positions of every head (`[kvH, added, hd]`) to the filled end of `buffer`. */
  private write(buffer: Float32Array, data: Float32Array, added: number): void {
    const block = added * this.headDim;
    for (let head = 0; head < this.kvHeads; head++) {
      buffer.set(data.subarray(head * block, (head + 1) * block), (head * this.capacity + this.length) * this.headDim);
    }
  }

  private reserve(positions: number): void {
    if (positions <= this.capacity) return;
    if (this.fixedCapacity !== undefined && positions > this.fixedCapacity)
      throw new Error(`KV cache of ${this.fixedCapacity} positions cannot take ${positions}`);
    const capacity = this.fixedCapacity ?? positions + Math.max(32, positions >> 2);
    const regrow = (old: Float32Array | undefined) => {
      const buffer = new Float32Array(this.kvHeads * capacity * this.headDim);
      for (let head = 0; old && head < this.kvHeads; head++) {
        const from = head * this.capacity * this.headDim;
        buffer.set(old.subarray(from, from + this.length * this.headDim), head * capacity * this.headDim);
      }
      return buffer;
    };
    this.keys = Array.from({ length: this.layers }, (_, layer) => regrow(this.keys[layer]));
    this.values = Array.from({ length: this.layers }, (_, layer) => regrow(this.values[layer]));
    this.capacity = capacity;
    const dims = [this.kvHeads, capacity, this.headDim];
    this.pastFeeds = { past_length: this.pastLength.tensor };
    for (let layer = 0; layer < this.layers; layer++) {
      this.pastFeeds[`past_key_${layer}`] = new ort.Tensor('float32', this.keys[layer]!, dims);
      this.pastFeeds[`past_value_${layer}`] = new ort.Tensor('float32', this.values[layer]!, dims);
    }
  }
}
