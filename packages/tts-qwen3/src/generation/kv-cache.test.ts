import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { TimeMajorKvCache } from './kv-cache.js';

/** Outputs of a run that returns `positions` time-major positions of 2 layers × [2 heads, 3 dims], valued `start`, `start + 1`, …. */
function returned(prefix: 'present_' | 'new_', positions: number, start: number): Record<string, ort.Tensor> {
  const outputs: Record<string, ort.Tensor> = {};
  for (let layer = 0; layer < 2; layer++) {
    for (const [k, kind] of ['key', 'value'].entries()) {
      const data = Float32Array.from({ length: positions * 6 }, (_, i) => start + i + 1000 * (2 * layer + k));
      outputs[`${prefix}${kind}_${layer}`] = new ort.Tensor('float32', data, [positions, 2, 3]);
    }
  }
  return outputs;
}

describe('TimeMajorKvCache', () => {
  it('appends a prefill and 300 steps past its first capacity, feeding exactly the filled prefix in order', () => {
    const cache = new TimeMajorKvCache(4);
    cache.update(returned('present_', 5, 0));
    for (let step = 0; step < 300; step++) cache.update(returned('new_', 1, 30 + step * 6));
    expect(cache.length).toBe(305);
    const feeds = cache.feeds();
    expect(Object.keys(feeds).sort()).toEqual(['past_key_0', 'past_key_1', 'past_value_0', 'past_value_1']);
    expect(feeds.past_value_1!.dims).toEqual([305, 2, 3]);
    // Position p holds values 6p .. 6p+5 (plus the layer/kind offset): every append landed in order.
    expect(Array.from(feeds.past_value_1!.data as Float32Array)).toEqual(Array.from({ length: 305 * 6 }, (_, i) => i + 3000));
    expect(cache.returnedBytes).toBe(2 * 2 * 6 * 4);
  });

  it('starts over after reset, reusing its buffers', () => {
    const cache = new TimeMajorKvCache(16);
    cache.update(returned('present_', 2, 0));
    cache.update(returned('new_', 1, 12));
    cache.reset();
    cache.update(returned('present_', 2, 500));
    expect(cache.length).toBe(2);
    expect(Array.from(cache.feeds().past_key_0!.data as Float32Array)).toEqual(Array.from({ length: 12 }, (_, i) => 500 + i));
  });
});
