import type { StandinOptions } from '@parley/models';
import { afterAll, describe, expect, it } from 'vitest';
import { GREEDY, collect, maxAbsDiff, standinDir } from '../testing/standin.js';
import { loadModel, type LoadModelOptions, type Qwen3Model } from '../model/load-model.js';
import { loadTokenizer } from '../tokenizer/text-tokenizer.js';
import type { KvCache } from './kv-cache.js';

// 60 frames take the talker's cache from the prompt's length through two regrowths on the GPU.
const TEXT = 'Hello there, this is WebGPU speaking, with its cache on the device.';
const FRAMES = 60;

const loaded: Qwen3Model[] = [];
afterAll(async () => {
  await Promise.all(loaded.map((model) => model.release()));
});

async function runtime(standin: StandinOptions, options: LoadModelOptions) {
  const dir = await standinDir(standin);
  const model = await loadModel(dir, { threads: 1, ...options });
  loaded.push(model);
  return { model, tokenizer: loadTokenizer(dir) };
}

describe.each([
  { name: 'parley layout, caches on the GPU', standin: { layout: 'community+parley' }, load: { layout: 'parley' }, kvCache: 'device' },
  {
    name: 'parley layout, caches in host memory',
    standin: { layout: 'community+parley' },
    load: { layout: 'parley', kvCacheOnDevice: false },
    kvCache: 'host',
  },
  { name: 'community layout, caches on the GPU', standin: {}, load: { layout: 'community' }, kvCache: 'device' },
] as const)('WebGPU frame loop: $name', ({ standin, load, kvCache }) => {
  it('makes the same greedy codes as the CPU, frame for frame, and the same audio within float error', async () => {
    const cpu = await collect(await runtime(standin, load), TEXT, { ...GREEDY, maxFrames: FRAMES });
    const gpuRuntime = await runtime(standin, { ...load, device: 'webgpu' });
    expect(gpuRuntime.model.kvCache).toBe(kvCache);
    const gpu = await collect(gpuRuntime, TEXT, { ...GREEDY, maxFrames: FRAMES });
    expect(gpu.frames.length).toBe(FRAMES);
    expect(gpu.frames.map((codes) => Array.from(codes))).toEqual(cpu.frames.map((codes) => Array.from(codes)));
    expect(maxAbsDiff(gpu.audio, cpu.audio)).toBeLessThan(1e-4);
  });

  it('holds GPU tensors only while it speaks, and none after, also when cancelled mid-utterance', async () => {
    const rt = await runtime(standin, { ...load, device: 'webgpu' });
    const held: number[] = [];
    const returned: number[] = [];
    const trace = {
      onTalkerRun: () => held.push(rt.model.monitor.snapshot().deviceTensors),
      onCache: (cache: KvCache) => returned.push(cache.returnedBytes),
    };
    await collect(rt, TEXT, { ...GREEDY, maxFrames: 12 }, undefined, { trace });
    expect(rt.model.monitor.snapshot().deviceTensors).toBe(0);
    if (kvCache === 'device') {
      expect(Math.min(...held)).toBeGreaterThan(0); // the cache is on the device…
      expect(Math.max(...returned)).toBe(0); // …and none of it comes back to the host
    } else {
      expect(Math.max(...held)).toBe(0);
    }
    const signal = { aborted: false };
    let runsAtCancel = 0;
    const onFrame = () => {
      if (signal.aborted) return;
      signal.aborted = true;
      runsAtCancel = rt.model.monitor.snapshot().totalRuns;
    };
    await expect(collect(rt, TEXT, { ...GREEDY, maxFrames: FRAMES }, signal, { onFrame })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(rt.model.monitor.snapshot()).toMatchObject({ totalRuns: runsAtCancel, deviceTensors: 0 });
  });
});
