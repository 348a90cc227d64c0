import * as ort from 'onnxruntime-node';
import type { Outputs } from './onnx-graph.js';

/** An int64 tensor from plain numbers. */
export function int64Tensor(values: readonly number[], dims: readonly number[]): ort.Tensor {
  return new ort.Tensor(
    'int64',
    BigInt64Array.from(values, (value) => BigInt(value)),
    dims,
  );
}

/** A float32 tensor over `data` (the CPU provider uses it in place, no copy: docs/model.md#what-onnx-runtime-costs). */
export function float32Tensor(data: Float32Array, dims: readonly number[]): ort.Tensor {
  return new ort.Tensor('float32', data, dims);
}

/** An all-ones `attention_mask` of `length` keys: the engine never masks (docs/model.md#community-layout). */
export function onesMask(length: number): ort.Tensor {
  return new ort.Tensor('int64', new BigInt64Array(length).fill(1n), [1, length]);
}

/** The float data of output `name`. @throws Error when the graph did not return it. */
export function outputFloats(outputs: Outputs, name: string): Float32Array {
  const tensor = outputs[name];
  if (!tensor) throw new Error(`graph returned no '${name}'`);
  return tensor.data as Float32Array;
}

/**
 * A copy of the last `count` values: how `logits` and `last_hidden` are read, whichever of the
 * shapes [1,1,·] or [1,T,·] a prefill graph returns (docs/model.md#talker-output-shapes).
 */
export function lastValues(data: Float32Array, count: number): Float32Array {
  if (data.length < count) throw new Error(`expected at least ${count} values, got ${data.length}`);
  return data.slice(data.length - count);
}

/**
 * A view of the last `count` values, for reading in place: a per-step output that is only read
 * (the sampler never writes the logits it is given) needs no copy.
 */
export function lastView(data: Float32Array, count: number): Float32Array {
  if (data.length < count) throw new Error(`expected at least ${count} values, got ${data.length}`);
  return data.subarray(data.length - count);
}
