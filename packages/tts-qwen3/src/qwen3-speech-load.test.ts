import { lastValueFrom, toArray } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cudaLibrariesPresent, standinDir } from './testing/standin.js';
import { Qwen3Speech } from './qwen3-speech.js';

let model: string;
beforeAll(async () => {
  model = await standinDir();
});

describe('Qwen3Speech.create (lazy load) and warmup', () => {
  it('loads nothing until first use, then loads and speaks on the first synthesize', async () => {
    const tts = Qwen3Speech.create({ model, threads: 1 });
    expect(tts.isLoaded).toBe(false);
    expect(() => tts.info).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(tts.voices).toEqual([]); // known once loaded
    const events = await lastValueFrom(tts.synthesize('Loaded on demand.', { seed: 1, maxFrames: 4 }).pipe(toArray()));
    expect(events.at(-1)?.type).toBe('done');
    expect(tts.isLoaded).toBe(true);
    expect(tts.voices).toContain('ryan');
    await tts.close();
  });

  it('warmup() loads the model, runs every stage once and reports the load time', async () => {
    const tts = Qwen3Speech.create({ model, threads: 1 });
    await tts.warmup();
    expect(tts.info.loadMs).toBeGreaterThan(0);
    expect(tts.info).toMatchObject({ device: 'cpu', workers: 1 });
    const byGraph = (await tts.stats()).byGraph;
    for (const graph of ['talker_prefill', 'code_predictor', 'tokenizer12hz_decode']) expect(byGraph[graph]?.runs).toBeGreaterThan(0);
    await tts.close();
  });

  it('checks the options that need no model at once', () => {
    expect(() => Qwen3Speech.create({ model: '/nonexistent/model' })).toThrow(expect.objectContaining({ code: 'MODEL_NOT_FOUND' }));
    expect(() => Qwen3Speech.create({ model, workers: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => Qwen3Speech.create({ model, maxQueuedSegments: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => Qwen3Speech.create({ model, device: 'cuda:x' as never })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('close() during the load ends the stream waiting for it with CANCELLED and keeps no model', async () => {
    const tts = Qwen3Speech.create({ model, threads: 1 });
    const waiting = lastValueFrom(tts.synthesize('Never spoken.')).catch((error: unknown) => error);
    await tts.close();
    expect(await waiting).toMatchObject({ code: 'CANCELLED' });
    expect(tts.isLoaded).toBe(false);
    await expect(tts.ready()).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('fails a stream with the load error and refuses use after close', async () => {
    const tts = Qwen3Speech.create({ model, defaults: { voice: 'nobody' } });
    await expect(lastValueFrom(tts.synthesize('Hi.'))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await tts.close();
    await expect(lastValueFrom(tts.synthesize('Hi.'))).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe.skipIf(cudaLibrariesPresent())('Qwen3Speech on a machine without CUDA', () => {
  it('fails cuda:N with DEVICE_UNAVAILABLE that says how to install CUDA', async () => {
    const error = await Qwen3Speech.load({ model, device: 'cuda:1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DEVICE_UNAVAILABLE', retryable: false });
    for (const hint of ['npm run setup:cuda', 'CUDA 12.x', 'cuDNN 9.x', 'cuda:1']) expect((error as Error).message).toContain(hint);
  });

  it('with fallbackToCpu, loads on the CPU, says so through onWarning, and speaks', async () => {
    const warnings: string[] = [];
    const tts = await Qwen3Speech.load({
      model,
      device: 'cuda',
      fallbackToCpu: true,
      threads: 1,
      onWarning: (message) => warnings.push(message),
    });
    expect(tts.info.device).toBe('cpu');
    expect(warnings).toEqual([expect.stringContaining("device 'cuda' is unavailable")]);
    const events = await lastValueFrom(tts.synthesize('On the CPU.', { seed: 1, maxFrames: 4 }).pipe(toArray()));
    expect(events.at(-1)?.type).toBe('done');
    await tts.close();
  });
});
