import fc from 'fast-check';
import { SAMPLES_PER_FRAME } from '@parley/qwen3-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concat, maxAbsDiff, standinRuntime } from '../testing/standin.js';
import type { Qwen3Model } from '../model/load-model.js';
import { Prng } from '../sampling/prng.js';
import { decodeFrames } from './codec-decoder.js';
import { StatefulDecoder, type StreamChunks } from './stateful-decoder.js';

let model: Qwen3Model;
beforeAll(async () => {
  model = (await standinRuntime({ layout: 'parley' })).model;
});
afterAll(() => model.release());

function randomFrames(count: number, seed: number): Int32Array[] {
  const prng = new Prng(seed);
  return Array.from({ length: count }, () => Int32Array.from({ length: 16 }, () => prng.nextUint32() % 2048));
}
const whole = (frames: readonly Int32Array[]) => decodeFrames(model.graphs.codecDecoder, frames, model.sizes);

/** Pushes frames one by one, taking each due chunk, then flushes: what the engine does. */
async function streamed(
  frames: Int32Array[],
  chunks: StreamChunks,
  history: Int32Array[] = [],
  signal?: { aborted: boolean },
): Promise<Float32Array[]> {
  const decoder = new StatefulDecoder(model.graphs.codecStreaming!, model.sizes, chunks, history);
  const out: Float32Array[] = [];
  for (const frame of frames) {
    decoder.push(frame);
    const chunk = await decoder.next(false, signal);
    if (chunk) out.push(chunk);
  }
  for (let chunk = await decoder.next(true, signal); chunk; chunk = await decoder.next(true, signal)) out.push(chunk);
  return out;
}

describe('StatefulDecoder (the parley layout streaming decoder)', () => {
  it('gives every frame its audio as soon as it exists (1-frame chunks by default), exactly the whole decode', async () => {
    expect(model.graphs.codecStreaming).toBeDefined();
    const frames = randomFrames(30, 1);
    const chunks = await streamed(frames, { initialChunkFrames: 1, chunkFrames: 1 });
    expect(chunks.map((c) => c.length)).toEqual(frames.map(() => SAMPLES_PER_FRAME));
    expect(maxAbsDiff(concat(chunks), await whole(frames))).toBeLessThan(1e-5);
  });

  it('is exact for any chunk sizes, far past the decoder window and its receptive field', async () => {
    const frames = randomFrames(40, 2);
    const expected = await whole(frames);
    const sizes = fc.record({ initialChunkFrames: fc.integer({ min: 1, max: 6 }), chunkFrames: fc.integer({ min: 1, max: 9 }) });
    await fc.assert(
      fc.asyncProperty(sizes, async (chunks) => {
        expect(maxAbsDiff(concat(await streamed(frames, chunks)), expected)).toBeLessThan(1e-5);
      }),
      { numRuns: 8 },
    );
  });

  it('decodes ICL reference frames first, for their state only: the audio is the tail of a whole decode of history ++ frames', async () => {
    const [history, frames] = [randomFrames(13, 3), randomFrames(20, 4)];
    const chunks = await streamed(frames, { initialChunkFrames: 2, chunkFrames: 3 }, history);
    expect(concat(chunks).length).toBe(20 * SAMPLES_PER_FRAME);
    expect(maxAbsDiff(concat(chunks), (await whole([...history, ...frames])).subarray(13 * SAMPLES_PER_FRAME))).toBeLessThan(1e-5);
  });

  it('runs the decoder no more once cancelled', async () => {
    const runs = () => model.monitor.snapshot().byGraph['parley_codec_decode_streaming']?.runs ?? 0;
    const signal = { aborted: false };
    const decoder = new StatefulDecoder(model.graphs.codecStreaming!, model.sizes, { initialChunkFrames: 1, chunkFrames: 1 });
    decoder.push(randomFrames(1, 5)[0]!);
    await decoder.next(false, signal);
    const before = runs();
    signal.aborted = true;
    decoder.push(randomFrames(1, 6)[0]!);
    await expect(decoder.next(false, signal)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(runs()).toBe(before);
  });
});
