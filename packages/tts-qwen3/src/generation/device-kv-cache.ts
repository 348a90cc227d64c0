import type * as ort from 'onnxruntime-node';
import type { CancelSignal } from '../model/cancellation.js';
import type { OnnxGraph, Outputs } from '../model/onnx-graph.js';
import { kvOutput, type KvCache } from './kv-cache.js';
import { ScalarInt64 } from './step-tensors.js';

/**
 * The parley layout's cache kept on a GPU (WebGPU): the same `[kvH, capacity, hd]` buffers as
 * `CapacityKvCache`, but in GPU buffers that never come back to the host. A prefill's
 * `present_*` become the buffers as they are (capacity = the prompt); each step's `new_*` are
 * written in by the model's `*_kv_append` graph, which returns the updated buffers (grown to
 * the length plus a quarter, at least 32, when full). Every replaced buffer is freed at once,
 * so the GPU holds one cache per synthesis; {@link release} frees it.
 */
export class DeviceKvCache implements KvCache {
  private past: Record<string, ort.Tensor> = {};
  private readonly pastLength = new ScalarInt64([1]);
  private readonly capacityFeed = new ScalarInt64([1]);
  private layers = 0;
  private capacity = 0;
  length = 0;
  /** Nothing of the cache crosses to the host. */
  readonly returnedBytes = 0;

  /**
   * @param append the model's `parley_*_kv_append` graph for this cache.
   * @param fixedCapacity the buffers' capacity once grown (the code predictor's frame); grows as needed when absent.
   */
  constructor(
    private readonly append: OnnxGraph,
    private readonly signal: CancelSignal | undefined,
    private readonly fixedCapacity?: number,
  ) {}

  feeds(): Record<string, ort.Tensor> {
    return { ...this.past, past_length: this.pastLength.set(this.length) };
  }

  /** Adopts a prefill's `present_*`, or writes a step's `new_*` in on the device (they are freed either way). */
  async update(outputs: Outputs): Promise<void> {
    if (outputs.present_key_0) {
      this.adopt(outputs);
      this.length = this.capacity;
      return;
    }
    const added = this.renamed(outputs, 'new_', 'new_');
    try {
      const feeds = { ...this.feeds(), ...added, capacity: this.capacityFeed.set(this.capacityFor(this.length + 1)) };
      this.adopt(await this.append.run(feeds, this.signal));
      this.length += 1;
    } finally {
      for (const tensor of Object.values(added)) this.append.free(tensor);
    }
  }

  /** Frees the buffers; the cache is empty after. */
  release(): void {
    for (const tensor of Object.values(this.past)) this.append.free(tensor);
    [this.past, this.length, this.capacity] = [{}, 0, 0];
  }

  /** Empties the cache for the next frame (the code predictor): its buffers are freed, the next prefill brings new ones. */
  reset(): void {
    this.release();
  }

  /** Makes a run's `present_*` (a prefill's, or an append's) the buffers, freeing the old ones. */
  private adopt(outputs: Outputs): void {
    if (this.layers === 0) while (outputs[`present_key_${this.layers}`]) this.layers++;
    const next = this.renamed(outputs, 'present_', 'past_');
    for (const tensor of Object.values(this.past)) this.append.free(tensor);
    this.past = next;
    this.capacity = kvOutput(outputs, 'present_', 'key', 0).dims[1]!;
  }

  private renamed(outputs: Outputs, from: string, to: string): Record<string, ort.Tensor> {
    const tensors: Record<string, ort.Tensor> = {};
    for (let layer = 0; layer < this.layers; layer++) {
      for (const kind of ['key', 'value'] as const) tensors[`${to}${kind}_${layer}`] = kvOutput(outputs, from, kind, layer);
    }
    return tensors;
  }

  private capacityFor(positions: number): number {
    if (this.fixedCapacity !== undefined) {
      if (positions > this.fixedCapacity) throw new Error(`KV cache of ${this.fixedCapacity} positions cannot take ${positions}`);
      return this.fixedCapacity;
    }
    return positions <= this.capacity ? this.capacity : positions + Math.max(32, positions >> 2);
  }
}
