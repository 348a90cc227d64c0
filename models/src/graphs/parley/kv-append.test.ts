import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { float32, floats, int64, randomFloats } from '../../testing/ort.js';
import { buildKvAppend } from './kv-append.js';

const GEOMETRY = { layers: 2, kvHeads: 3, headDim: 4 };

/** What the engine's CPU cache would hold: `past` `[kvH, C, hd]` padded to C', position `at` set to `added` `[kvH, 1, hd]`. */
function expectedPresent(past: Float32Array, added: Float32Array, capacity: number, at: number, grown: number): Float32Array {
  const { kvHeads, headDim } = GEOMETRY;
  const out = new Float32Array(kvHeads * grown * headDim);
  for (let head = 0; head < kvHeads; head++) {
    out.set(past.subarray(head * capacity * headDim, (head + 1) * capacity * headDim), head * grown * headDim);
    out.set(added.subarray(head * headDim, (head + 1) * headDim), (head * grown + at) * headDim);
  }
  return out;
}

async function append(capacity: number, at: number, grown: number) {
  const session = await ort.InferenceSession.create(buildKvAppend('kv_append', GEOMETRY).toBytes(), { intraOpNumThreads: 1 });
  const { layers, kvHeads, headDim } = GEOMETRY;
  const feeds: Record<string, ort.Tensor> = { past_length: int64([at], [1]), capacity: int64([grown], [1]) };
  const inputs = new Map<string, Float32Array>();
  for (let layer = 0; layer < layers; layer++) {
    for (const [k, kind] of ['key', 'value'].entries()) {
      const seed = 10 * layer + k;
      inputs.set(`past_${kind}_${layer}`, randomFloats(kvHeads * capacity * headDim, seed));
      inputs.set(`new_${kind}_${layer}`, randomFloats(kvHeads * headDim, seed + 100));
      feeds[`past_${kind}_${layer}`] = float32(inputs.get(`past_${kind}_${layer}`)!, [kvHeads, capacity, headDim]);
      feeds[`new_${kind}_${layer}`] = float32(inputs.get(`new_${kind}_${layer}`)!, [kvHeads, 1, headDim]);
    }
  }
  return { outputs: await session.run(feeds), inputs };
}

describe('kv append graph (a device-resident cache)', () => {
  it.each([
    ['writes position P of a buffer that has room', 8, 5, 8],
    ['grows the buffer and writes the position just past the old capacity', 6, 6, 10],
    ['adopts a prefill cache that is exactly full', 3, 3, 4],
  ])('%s', async (_name, capacity, at, grown) => {
    const { outputs, inputs } = await append(capacity, at, grown);
    for (let layer = 0; layer < GEOMETRY.layers; layer++) {
      for (const kind of ['key', 'value']) {
        const present = outputs[`present_${kind}_${layer}`]!;
        expect(present.dims).toEqual([GEOMETRY.kvHeads, grown, GEOMETRY.headDim]);
        expect(floats(present)).toEqual(
          expectedPresent(inputs.get(`past_${kind}_${layer}`)!, inputs.get(`new_${kind}_${layer}`)!, capacity, at, grown),
        );
      }
    }
  });
});
