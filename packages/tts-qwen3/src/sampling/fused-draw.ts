/**
 * One draw of temperature → top-k → top-p → sample in a single pass over the logits, with
 * scratch buffers that live as long as the sampler. It gives bit for bit the id that the
 * in-place processors of `logits-processors.ts` give (those stay as the reference the tests
 * compare against), without writing 2,000–3,000 values per step and three more passes over them.
 */
import type { Prng } from './prng.js';
import type { SamplingParams } from './code-sampler.js';

/** A row of logits as the draw reads it: `values[0..length)`, slot `s` being token `idOf(s)`. */
export interface LogitsRow {
  readonly values: Float32Array;
  readonly length: number;
  /** The token id of the last slot when it is not `length − 1` (code 0 puts EOS there); else −1. */
  readonly lastId: number;
  /** The length of the row the reference processors would see (top-k is off when k ≥ it). */
  readonly fullLength: number;
}

/**
 * The reusable state of {@link FusedDraw}: a min-heap of the k largest values so far, and the
 * candidates (every value that was ≥ the heap's minimum when it was read, in slot order).
 */
export class FusedDraw {
  private heap = new Float64Array(0);
  private slots = new Int32Array(0);
  private scaled = new Float32Array(0);
  private exps = new Float64Array(0);

  /**
   * Draws a token id from `row` with `params` (sampling on, temperature > 0) and one value of
   * `prng`, as HF's warpers and `multinomial` would over the processed row.
   * @throws Error when every logit was removed.
   */
  draw(row: LogitsRow, params: SamplingParams, prng: Prng): number {
    this.reserve(row.length);
    const k = params.topK <= 0 || params.topK >= row.fullLength ? 0 : params.topK;
    let count = this.collect(row, params.temperature, k);
    if (params.topP < 1) count = this.topP(count, params.topP);
    return this.sample(row, count, prng.nextFloat());
  }

  /** Grows the scratch to `length` slots; a sampler sees two lengths, so this allocates twice. */
  private reserve(length: number): void {
    if (this.slots.length >= length) return;
    [this.slots, this.scaled, this.exps] = [new Int32Array(length), new Float32Array(length), new Float64Array(length)];
  }

  /**
   * Scales each finite logit by the temperature (rounded to float32, as the reference stores it)
   * and keeps the top-k survivors, ties with the k-th included, in slot order. Returns their count.
   * A value below the heap's minimum when read can never reach the final k-th largest, so only the
   * few hundred candidates are kept and filtered once at the end.
   */
  private collect(row: LogitsRow, temperature: number, k: number): number {
    const { values, length } = row;
    const { slots, scaled } = this;
    if (k > this.heap.length) this.heap = new Float64Array(k);
    const heap = this.heap;
    let [size, count] = [0, 0];
    let floor = -Infinity; // the heap's minimum once full: the k-th largest so far
    for (let slot = 0; slot < length; slot++) {
      const raw = values[slot]!;
      if (raw === -Infinity) continue; // removed by a processor: never a survivor
      const value = temperature === 1 ? raw : Math.fround(raw / temperature);
      if (!(value >= floor)) continue;
      slots[count] = slot;
      scaled[count++] = value;
      if (k === 0) continue;
      if (size < k) {
        siftUp(heap, size++, value);
        if (size === k) floor = heap[0]!;
      } else if (value > floor) {
        siftDown(heap, k, value);
        floor = heap[0]!;
      }
    }
    return k === 0 || size < k ? count : this.keepAtLeast(count, floor);
  }

  /** Drops the candidates below `threshold`, keeping slot order. */
  private keepAtLeast(count: number, threshold: number): number {
    const { slots, scaled } = this;
    let kept = 0;
    for (let j = 0; j < count; j++) {
      if (scaled[j]! < threshold) continue;
      slots[kept] = slots[j]!;
      scaled[kept++] = scaled[j]!;
    }
    return kept;
  }

  /**
   * HF `TopPLogitsWarper` over the survivors: ascending by (value, id), drop while the cumulative
   * probability stays ≤ 1 − p, never the last. The removed ones had probability 0 and cannot
   * change the sums. Sorts the few survivors; top-p is off by default.
   */
  private topP(count: number, p: number): number {
    const { scaled, exps } = this;
    const max = maxOf(scaled, count);
    let sum = 0;
    for (let j = 0; j < count; j++) sum += exps[j] = Math.exp(scaled[j]! - max);
    const order = Array.from({ length: count }, (_, j) => j).sort((a, b) => scaled[a]! - scaled[b]! || a - b);
    let cumulative = 0;
    for (let rank = 0; rank < count - 1; rank++) {
      const j = order[rank]!;
      cumulative += exps[j]! / sum;
      if (cumulative > 1 - p) break;
      scaled[j] = -Infinity;
    }
    return count;
  }

  /** `sampleFromLogits` over the survivors: softmax in slot order, first cumulative sum > u. */
  private sample(row: LogitsRow, count: number, uniform: number): number {
    const { slots, scaled, exps } = this;
    const max = maxOf(scaled, count);
    let sum = 0;
    for (let j = 0; j < count; j++) if (scaled[j] !== -Infinity) sum += exps[j] = Math.exp(scaled[j]! - max);
    let [last, cumulative] = [-1, 0];
    for (let j = 0; j < count; j++) {
      if (scaled[j] === -Infinity) continue;
      const probability = exps[j]! / sum;
      if (probability === 0) continue;
      last = slots[j]!;
      cumulative += probability;
      if (uniform < cumulative) return idOf(row, last);
    }
    if (last < 0) throw new Error('every token was removed; nothing to sample');
    return idOf(row, last); // rounding left the cumulative sum a hair under `uniform`
  }
}

/** The token id of `slot`. */
function idOf(row: LogitsRow, slot: number): number {
  return slot === row.length - 1 && row.lastId >= 0 ? row.lastId : slot;
}

/** The largest of `values[0..count)`, −Infinity when none. */
function maxOf(values: Float32Array, count: number): number {
  let max = -Infinity;
  for (let j = 0; j < count; j++) if (values[j]! > max) max = values[j]!;
  return max;
}

/** Min-heap insert of `value` at the end (`size` items before it). */
function siftUp(heap: Float64Array, size: number, value: number): void {
  let i = size;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]! <= value) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = value;
}

/** Replaces the minimum of a full min-heap of `size` with `value`. */
function siftDown(heap: Float64Array, size: number, value: number): void {
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size && heap[child + 1]! < heap[child]!) child++;
    if (heap[child]! >= value) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = value;
}
