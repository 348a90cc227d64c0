import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { CapacityKvCache } from './kv-cache.js';

const [KV_HEADS, HEAD_DIM] = [2, 3];

/**
 * Outputs of a run that returns `positions` positions of 2 layers, each `[2 heads, positions, 3]`;
 * position p of head h holds `start + p` in all 3 dims, plus 1000·(2·layer + kind) + 100·h.
 */
function returned(prefix: 'present_' | 'new_', positions: number, start: number): Record<string, ort.Tensor> {
  const outputs: Record<string, ort.Tensor> = {};
  for (let layer = 0; layer < 2; layer++) {
    for (const [kind, name] of ['key', 'value'].entries()) {
      const data = new Float32Array(KV_HEADS * positions * HEAD_DIM);
      for (let h = 0; h < KV_HEADS; h++)
        for (let p = 0; p < positions; p++)
          data.fill(start + p + 1000 * (2 * layer + kind) + 100 * h, (h * positions + p) * HEAD_DIM, (h * positions + p + 1) * HEAD_DIM);
      outputs[`${prefix}${name}_${layer}`] = new ort.Tensor('float32', data, [KV_HEADS, positions, HEAD_DIM]);
    }
  }
  return outputs;
}

/** Position p's value for head `head` of a `[kvH, C, hd]` feed. */
const at = (feed: ort.Tensor, head: number, position: number) => (feed.data as Float32Array)[(head * feed.dims[1]! + position) * HEAD_DIM];

describe('CapacityKvCache', () => {
  it('writes a prefill and 300 steps past its first capacity, each head in order, and says how many are filled', () => {
    const cache = new CapacityKvCache();
    cache.update(returned('present_', 5, 0));
    for (let step = 0; step < 300; step++) cache.update(returned('new_', 1, 5 + step));
    expect(cache.length).toBe(305);
    const feeds = cache.feeds();
    expect(Object.keys(feeds).sort()).toEqual(['past_key_0', 'past_key_1', 'past_length', 'past_value_0', 'past_value_1']);
    expect(Array.from(feeds.past_length!.data as BigInt64Array)).toEqual([305n]);
    const value1 = feeds.past_value_1!;
    expect(value1.dims).toEqual([KV_HEADS, 338, HEAD_DIM]); // 5 + 32, 38 + 32, …, 271 + 67: kept near the length
    for (const head of [0, 1])
      expect(Array.from({ length: 305 }, (_, p) => at(value1, head, p))).toEqual(
        Array.from({ length: 305 }, (_, p) => p + 3000 + 100 * head),
      );
    expect(cache.returnedBytes).toBe(2 * 2 * KV_HEADS * HEAD_DIM * 4);
  });

  it('feeds the same tensors while the capacity holds, with past_length rewritten', () => {
    const cache = new CapacityKvCache(16);
    cache.update(returned('present_', 2, 0));
    const first = cache.feeds();
    const firstKey = first.past_key_0;
    cache.update(returned('new_', 1, 2));
    const second = cache.feeds();
    expect(second.past_key_0).toBe(firstKey);
    expect(Array.from(second.past_length!.data as BigInt64Array)).toEqual([3n]);
  });

  it('with a fixed capacity, refuses to grow past it', () => {
    const cache = new CapacityKvCache(3);
    cache.update(returned('present_', 2, 0));
    cache.update(returned('new_', 1, 2));
    expect(cache.feeds().past_key_0!.dims).toEqual([KV_HEADS, 3, HEAD_DIM]);
    expect(() => cache.update(returned('new_', 1, 3))).toThrow('KV cache of 3 positions cannot take 4');
  });

  it('starts over after reset, reusing its buffers', () => {
    const cache = new CapacityKvCache(16);
    cache.update(returned('present_', 2, 0));
    cache.update(returned('new_', 1, 2));
    cache.reset();
    cache.update(returned('present_', 2, 500));
    const feeds = cache.feeds();
    expect(cache.length).toBe(2);
    expect([at(feeds.past_key_0!, 0, 0), at(feeds.past_key_0!, 1, 1)]).toEqual([500, 601]);
  });
});
