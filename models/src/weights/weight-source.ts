/**
 * How a random source should draw a tensor; a checkpoint-backed source ignores it.
 * - `fan-in`: normal with std `gain / sqrt(fan_in)`, fan_in = the product of every dim but the
 *   first (PyTorch's `[out, in]` Linear and `[out, in, k]` Conv1d layouts), so activations keep
 *   their scale through a layer.
 * - `norm`: an RMSNorm gain, near 1 (`1 + 0.05·N(0,1)`: not exactly 1, so a mis-wired norm shows).
 * - `{ gain }`: like `fan-in`, times `gain`.
 * - `{ std, mean? }`: normal with that std (embedding tables, biases), around `mean` (0 by default).
 */
export type WeightInit = 'fan-in' | 'norm' | { readonly gain: number } | { readonly std: number; readonly mean?: number };

/**
 * One tensor a graph builder asks for: the parameter's name in the official checkpoint (see
 * `official-names.ts`), its shape in PyTorch layout, and how to make it up when there is no
 * checkpoint.
 */
export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly init: WeightInit;
}

/**
 * Where graph builders get their weights. Today {@link RandomWeights}; a safetensors-backed
 * source with this interface will let the same builders convert official checkpoints.
 *
 * Contract: `tensor()` returns `shape`'s element count of float32 values in PyTorch's row-major
 * layout, and the same values every time it is asked for the same name (prefill and decode
 * graphs ask separately and must share weights).
 */
export interface WeightSource {
  /** A short description for manifests and logs, e.g. `random(seed=1)`. */
  readonly description: string;
  /** The tensor for `spec`; throws when the source has no such tensor or its shape differs. */
  tensor(spec: WeightSpec): Float32Array;
}

/** The element count of a shape. */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
