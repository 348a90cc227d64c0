import * as ort from 'onnxruntime-node';

/**
 * A JS-side KV cache as an engine keeps it for the parley layout (issue 7): per layer one key
 * and one value buffer of `[kvH, capacity, hd]`, grown by doubling; each run's `[kvH, n, hd]`
 * output is written at the filled length of every head, and the whole buffers go back in as
 * `past_*` with `past_length`.
 */
export class CapacityKv {
  private keys: Float32Array[];
  private values: Float32Array[];
  private filled = 0;

  /** An empty cache for `layers` layers of `kvHeads × headDim` per position. */
  constructor(
    private readonly layers: number,
    private readonly kvHeads: number,
    private readonly headDim: number,
    private capacity = 16,
  ) {
    this.keys = Array.from({ length: layers }, () => new Float32Array(kvHeads * capacity * headDim));
    this.values = Array.from({ length: layers }, () => new Float32Array(kvHeads * capacity * headDim));
  }

  /** The number of cached positions, P. */
  get length(): number {
    return this.filled;
  }

  /** Appends `count` positions from outputs named `<prefix>key_i` / `<prefix>value_i` (`new_` or `present_`). */
  append(outputs: ort.InferenceSession.OnnxValueMapType, prefix: string, count: number): void {
    if (this.filled + count > this.capacity) this.grow(this.filled + count);
    for (let i = 0; i < this.layers; i++) {
      this.write(this.keys[i]!, outputs[`${prefix}key_${i}`]!.data as Float32Array, count);
      this.write(this.values[i]!, outputs[`${prefix}value_${i}`]!.data as Float32Array, count);
    }
    this.filled += count;
  }

  /** `past_key_i` / `past_value_i` `[kvH, capacity, hd]` (the buffers themselves) and `past_length`. */
  feeds(): Record<string, ort.Tensor> {
    const feeds: Record<string, ort.Tensor> = { past_length: new ort.Tensor('int64', BigInt64Array.from([BigInt(this.filled)]), [1]) };
    const dims = [this.kvHeads, this.capacity, this.headDim];
    for (let i = 0; i < this.layers; i++) {
      feeds[`past_key_${i}`] = new ort.Tensor('float32', this.keys[i]!, dims);
      feeds[`past_value_${i}`] = new ort.Tensor('float32', this.values[i]!, dims);
    }
    return feeds;
  }

  /** Layer `layer`'s filled keys as `[kvH, P, hd]`: the community `present_key_i` layout, for comparisons. */
  filledKeys(layer: number): Float32Array {
    const out = new Float32Array(this.kvHeads * this.filled * this.headDim);
    for (let h = 0; h < this.kvHeads; h++) {
      const from = h * this.capacity * this.headDim;
      out.set(this.keys[layer]!.subarray(from, from + this.filled * this.headDim), h * this.filled * this.headDim);
    }
    return out;
  }

  private write(buffer: Float32Array, data: Float32Array, count: number): void {
    const block = count * this.headDim;
    for (let h = 0; h < this.kvHeads; h++) buffer.set(data.subarray(h * block, (h + 1) * block), (h * this.capacity + this.filled) * this.headDim);
  }

  private grow(needed: number): void {
    let capacity = this.capacity * 2;
    while (capacity < needed) capacity *= 2;
    const regrow = (old: Float32Array) => {
      const next = new Float32Array(this.kvHeads * capacity * this.headDim);
      for (let h = 0; h < this.kvHeads; h++) next.set(old.subarray(h * this.capacity * this.headDim, (h * this.capacity + this.filled) * this.headDim), h * capacity * this.headDim);
      return next;
    };
    this.keys = this.keys.map(regrow);
    this.values = this.values.map(regrow);
    this.capacity = capacity;
  }
}
