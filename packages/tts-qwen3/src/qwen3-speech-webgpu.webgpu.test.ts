import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SpeechEvent } from '@parley/core';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeCopies, standinCopy, standinDir } from './testing/standin.js';
import { Qwen3Speech } from './qwen3-speech.js';

const TEXT = 'Hello from the GPU. It speaks in two sentences.';
const GREEDY = { doSample: false, subCodes: { doSample: false }, maxFrames: 20 } as const;
const samplesOf = (events: SpeechEvent[]) => Int16Array.from(events.flatMap((e) => (e.type === 'audio' ? Array.from(e.frame.data) : [])));

let model: string;
let tts: Qwen3Speech;
beforeAll(async () => {
  model = await standinDir({ layout: 'community+parley' });
  tts = await Qwen3Speech.load({ model, device: 'webgpu', threads: 1 });
});
afterAll(async () => {
  await tts.close();
  removeCopies();
});

describe('Qwen3Speech on WebGPU (a worker thread, the caches on the GPU)', () => {
  it('says where it runs, and speaks what the CPU engine speaks', async () => {
    expect(tts.info).toMatchObject({ device: 'webgpu', layout: 'parley', kvCache: 'device', kvCacheNote: undefined });
    const cpu = await Qwen3Speech.load({ model, threads: 1 });
    const [onCpu, onGpu] = await Promise.all([cpu, tts].map((engine) => lastValueFrom(engine.synthesize(TEXT, GREEDY).pipe(toArray()))));
    await cpu.close();
    const [a, b] = [samplesOf(onCpu!), samplesOf(onGpu!)];
    expect(b.length).toBe(a.length);
    expect(Math.max(...b.map((sample, i) => Math.abs(sample - a[i]!)))).toBeLessThanOrEqual(2); // float error, at 16 bits
  });

  it('frees every GPU tensor and starts no run after each of many cancels mid-utterance', async () => {
    for (let round = 0; round < 20; round++) {
      let runsAtCancel = -1;
      await new Promise<void>((resolve) => {
        const subscription = tts
          .synthesize('Keep talking, on and on, for a long long time.', { seed: round, maxFrames: 2000 })
          .subscribe((event) => {
            if (event.type !== 'audio' || runsAtCancel >= 0) return;
            subscription.unsubscribe();
            runsAtCancel = tts.runsStarted();
            resolve();
          });
      });
      const stats = await tts.stats(); // answered after the worker has handled the cancel
      expect(stats.deviceTensors).toBe(0);
      expect(tts.runsStarted()).toBeLessThanOrEqual(runsAtCancel);
    }
  });

  it('keeps the caches in host memory for a parley model made before its *_kv_append graphs, says why, and still speaks', async () => {
    const dir = await standinCopy({ layout: 'community+parley' });
    for (const file of ['parley_talker_kv_append.onnx', 'parley_code_predictor_kv_append.onnx']) rmSync(join(dir, file));
    const warnings: string[] = [];
    const old = await Qwen3Speech.load({ model: dir, device: 'webgpu', threads: 1, onWarning: (message) => warnings.push(message) });
    expect(old.info).toMatchObject({ device: 'webgpu', kvCache: 'host' });
    expect(warnings).toEqual([expect.stringContaining('`parley models convert`')]);
    const events = await lastValueFrom(old.synthesize('Still speaking.', GREEDY).pipe(toArray()));
    expect(events.at(-1)?.type).toBe('done');
    await old.close();
  });
});
