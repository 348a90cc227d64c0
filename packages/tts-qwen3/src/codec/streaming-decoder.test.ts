import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concat, maxAbsDiff, standinRuntime } from '../testing/standin.js';
import type { Qwen3Model } from '../model/load-model.js';
import { Prng } from '../sampling/prng.js';
import { SAMPLES_PER_FRAME } from '@parley/qwen3-contract';
import type { ChunkPlan } from './chunk-plan.js';
import { decodeFrames } from './codec-decoder.js';
import { StreamingDecoder } from './streaming-decoder.js';

let model: Qwen3Model;
beforeAll(async () => {
  model = (await standinRuntime()).model;
});
afterAll(() => model.release());

function randomFrames(count: number, seed: number): Int32Array[] {
  const prng = new Prng(seed);
  return Array.from({ length: count }, () => Int32Array.from({ length: 16 }, () => prng.nextUint32() % 2048));
}
const decode = (frames: readonly Int32Array[]) => decodeFrames(model.graphs.codecDecoder, frames, model.sizes);

async function streamed(frames: Int32Array[], plan: ChunkPlan): Promise<Float32Array[]> {
  const decoder = new StreamingDecoder(decode, plan);
  const chunks: Float32Array[] = [];
  for (const frame of frames) {
    decoder.push(frame);
    const chunk = await decoder.next(false);
    if (chunk) chunks.push(chunk);
  }
  for (let chunk = await decoder.next(true); chunk; chunk = await decoder.next(true)) chunks.push(chunk);
  return chunks;
}

describe('StreamingDecoder on the stand-in decoder', () => {
  it('streams chunks whose concatenation equals the whole decode, F·1920 samples in all', async () => {
    const frames = randomFrames(67, 1);
    const chunks = await streamed(frames, { initialChunkFrames: 4, chunkFrames: 25, leftContextFrames: 50 });
    expect(chunks.map((c) => c.length / SAMPLES_PER_FRAME)).toEqual([4, 4, 8, 16, 25, 10]);
    const whole = await decode(frames);
    expect(whole.length).toBe(67 * SAMPLES_PER_FRAME);
    expect(maxAbsDiff(concat(chunks), whole)).toBeLessThan(1e-5);
  });

  it("is exact once the context covers the decoder's receptive field (24 frames for the stand-in's) and not without context", async () => {
    const frames = randomFrames(40, 2);
    const whole = await decode(frames);
    const plan = { initialChunkFrames: 5, chunkFrames: 7, leftContextFrames: 24 };
    expect(maxAbsDiff(concat(await streamed(frames, plan)), whole)).toBeLessThan(1e-5);
    expect(maxAbsDiff(concat(await streamed(frames, { ...plan, leftContextFrames: 0 })), whole)).toBeGreaterThan(1e-3);
  });

  it('never feeds −1 or a code ≥ 2048 to the graph, and keeps F ≤ 1024', async () => {
    const runs = () => model.monitor.snapshot().byGraph['tokenizer12hz_decode']?.runs ?? 0;
    const before = runs();
    const bad = randomFrames(3, 3);
    bad[1]![4] = -1;
    await expect(decode(bad)).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('frame 1 code 4 is -1') });
    bad[1]![4] = 2048;
    await expect(decode(bad)).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(decode(randomFrames(1025, 4))).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringContaining('1025 frames'),
    });
    expect(runs()).toBe(before);
  });

  it('uses history frames (ICL reference) as left context only: the chunks are the tail of a whole decode of history ++ frames', async () => {
    const [history, frames] = [randomFrames(20, 5), randomFrames(30, 6)];
    const plan = { initialChunkFrames: 4, chunkFrames: 10, leftContextFrames: 24 };
    const windows: number[] = [];
    const decoder = new StreamingDecoder((f) => (windows.push(f.length), decode(f)), plan, history);
    const chunks: Float32Array[] = [];
    for (const frame of frames) {
      decoder.push(frame);
      const chunk = await decoder.next(false);
      if (chunk) chunks.push(chunk);
    }
    for (let chunk = await decoder.next(true); chunk; chunk = await decoder.next(true)) chunks.push(chunk);
    expect(chunks.map((c) => c.length / SAMPLES_PER_FRAME)).toEqual([4, 4, 8, 10, 4]);
    expect(windows).toEqual([20 + 4, 24 + 4, 24 + 8, 24 + 10, 24 + 4]); // the first chunk is not decoded cold
    const whole = await decode([...history, ...frames]);
    expect(maxAbsDiff(concat(chunks), whole.subarray(history.length * SAMPLES_PER_FRAME))).toBeLessThan(1e-5);
    expect(decoder.framesEmitted).toBe(30);
  });
});
