import * as ort from 'onnxruntime-node';

/**
 * A one-value int64 tensor that is rewritten in place for each run (an id, a generation step):
 * the frame loop feeds ~32 of them per frame, and a fresh BigInt64Array and Tensor each time
 * is garbage for nothing. Safe because every run is awaited before the value changes.
 */
export class ScalarInt64 {
  private readonly data = new BigInt64Array(1);
  /** The tensor, shaped `dims` (one element). */
  readonly tensor: ort.Tensor;

  constructor(dims: readonly number[]) {
    this.tensor = new ort.Tensor('int64', this.data, dims);
  }

  /** Sets the value and returns the tensor. */
  set(value: number): ort.Tensor {
    this.data[0] = BigInt(value);
    return this.tensor;
  }
}

/**
 * `attention_mask`s of growing length over one buffer of ones: each decode step takes a view of
 * the first P + 1 ones instead of allocating and filling a new array. The buffer doubles when
 * outgrown, so a synthesis allocates O(log frames) times.
 */
export class OnesMask {
  private ones = new BigInt64Array(0);

  /** A `[1, length]` all-ones mask (the engine never masks: models README). */
  of(length: number): ort.Tensor {
    if (length > this.ones.length) this.ones = new BigInt64Array(Math.max(length, this.ones.length * 2, 256)).fill(1n);
    return new ort.Tensor('int64', this.ones.subarray(0, length), [1, length]);
  }
}
