import * as ort from 'onnxruntime-node';

/**
 * A JS-side time-major KV cache as the engine will keep it (issue 7): per layer one key and one
 * value buffer of `[capacity, kvH, hd]`, grown by doubling; each step's `new_*` `[1, kvH, hd]` is
 * appended, and the filled prefix goes back in as `past_*` `[P, kvH, hd]` — a subarray view, no copy.
 */
export class TimeMajorKv {
  private keys: Float32Array[];
  private values: Float32Array[];
  private filled = 0;
  private readonly row: number;

  /** An empty cache for `layers` layers of `kvHeads × headDim` per position. */
  constructor(private readonly layers: number, private readonly kvHeads: number, private readonly headDim: number, capacity = 16) {
    this.row = kvHeads * headDim;
    this.keys = Array.from({ length: layers }, () => new Float32Array(capacity * this.row));
    this.values = Array.from({ length: layers }, () => new Float32Array(capacity * this.row));
  }

  /** The number of cached positions, P. */
  get length(): number {
    return this.filled;
  }

  /** Appends `count` positions from outputs named `<prefix>key_i` / `<prefix>value_i` (`new_` or `present_`). */
  append(outputs: ort.InferenceSession.OnnxValueMapType, prefix: string, count: number): void {
    const needed = (this.filled + count) * this.row;
    if (needed > this.keys[0]!.length) this.grow(needed);
    for (let i = 0; i < this.layers; i++) {
      this.keys[i]!.set(outputs[`${prefix}key_${i}`]!.data as Float32Array, this.filled * this.row);
      this.values[i]!.set(outputs[`${prefix}value_${i}`]!.data as Float32Array, this.filled * this.row);
    }
    this.filled += count;
  }

  /** `past_key_i` / `past_value_i` feeds `[P, kvH, hd]`, views of the filled prefix. */
  feeds(): Record<string, ort.Tensor> {
    const feeds: Record<string, ort.Tensor> = {};
    const dims = [this.filled, this.kvHeads, this.headDim];
    const end = this.filled * this.row;
    for (let i = 0; i < this.layers; i++) {
      feeds[`past_key_${i}`] = new ort.Tensor('float32', this.keys[i]!.subarray(0, end), dims);
      feeds[`past_value_${i}`] = new ort.Tensor('float32', this.values[i]!.subarray(0, end), dims);
    }
    return feeds;
  }

  private grow(needed: number): void {
    let capacity = this.keys[0]!.length * 2;
    while (capacity < needed) capacity *= 2;
    const copy = (old: Float32Array) => {
      const next = new Float32Array(capacity);
      next.set(old);
      return next;
    };
    this.keys = this.keys.map(copy);
    this.values = this.values.map(copy);
  }
}

/** `[1, kvH, T, hd]` (community present) → `[T, kvH, hd]` (time-major), for comparisons. */
export function headMajorToTimeMajor(data: Float32Array, kvHeads: number, length: number, headDim: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let h = 0; h < kvHeads; h++) {
    for (let t = 0; t < length; t++) {
      const from = (h * length + t) * headDim;
      out.set(data.subarray(from, from + headDim), (t * kvHeads + h) * headDim);
    }
  }
  return out;
}
