import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, GREEDY, maxAbsDiff, removeCopies, standinCopy, standinRuntime } from '../testing/standin.js';
import { SAMPLES_PER_FRAME } from '@parley/qwen3-contract';
import { decodeFrames } from '../codec/codec-decoder.js';
import { loadModel } from '../model/load-model.js';
import { loadTokenizer } from '../tokenizer/text-tokenizer.js';
import { maxFramesFor } from './options.js';
import type { SynthesisRuntime } from './synthesize-text.js';

const TEXT = 'Hello, world! This is parley speaking.';
let runtime: SynthesisRuntime;
beforeAll(async () => {
  runtime = await standinRuntime();
});
afterAll(async () => {
  await runtime.model.release();
  removeCopies();
});

describe('synthesizeText on the stand-in', () => {
  it('gives identical audio for the same seed and different audio for another seed', async () => {
    const options = { voice: 'ryan', language: 'english', maxFrames: 30 };
    const a = await collect(runtime, TEXT, { ...options, seed: 11 });
    const b = await collect(runtime, TEXT, { ...options, seed: 11 });
    const c = await collect(runtime, TEXT, { ...options, seed: 12 });
    expect(a.audio.length).toBeGreaterThan(0);
    expect(b.audio).toEqual(a.audio);
    expect(b.frames).toEqual(a.frames);
    expect(c.frames).not.toEqual(a.frames);
  });

  it('stops a model that never says EOS at the text-length cap when no maxFrames is given', async () => {
    const text = 'Hi.';
    // Greedy on the stand-in's random weights never picks EOS: its logit is one of 2049.
    const noEos = await collect(runtime, text, { ...GREEDY, repetitionPenalty: 1 });
    const cap = maxFramesFor(text);
    expect(noEos.summary.stopReason).toBe('max-frames');
    expect(noEos.frames.length).toBe(cap);
  });

  it('is deterministic when greedy, whatever the seed', async () => {
    const a = await collect(runtime, TEXT, { ...GREEDY, maxFrames: 20, seed: 1 });
    const b = await collect(runtime, TEXT, { ...GREEDY, maxFrames: 20, seed: 2 });
    expect(b.audio).toEqual(a.audio);
  });

  it('streams audio whose concatenation equals a whole decode of all frames, frames·1920 samples', async () => {
    const result = await collect(runtime, TEXT, { seed: 3, maxFrames: 70 });
    expect(result.summary).toEqual({ frames: result.frames.length, stopReason: expect.any(String) });
    expect(result.chunks.length).toBeGreaterThan(2);
    expect(result.audio.length).toBe(result.frames.length * SAMPLES_PER_FRAME);
    const whole = await decodeFrames(runtime.model.graphs.codecDecoder, result.frames, runtime.model.sizes);
    expect(maxAbsDiff(result.audio, whole)).toBeLessThan(1e-5);
  });

  it('emits the first chunk after initialCodecChunkFrames, then chunks that grow to codecChunkFrames', async () => {
    const result = await collect(runtime, TEXT, { seed: 3, maxFrames: 40, initialCodecChunkFrames: 8, codecChunkFrames: 10 });
    expect(result.chunks.map((c) => c.length / SAMPLES_PER_FRAME)).toEqual([8, 8, 10, 10, 4].slice(0, result.chunks.length));
  });

  it('rejects empty text with INVALID_INPUT before any ONNX run', async () => {
    const before = runtime.model.monitor.snapshot().totalRuns;
    await expect(collect(runtime, '  ', { seed: 1 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(runtime.model.monitor.snapshot().totalRuns).toBe(before);
  });

  it('speaks in both text modes, with dialect speakers and languages', async () => {
    for (const options of [
      { streamingText: true },
      { streamingText: false },
      { voice: 'eric' },
      { voice: 'dylan', language: 'chinese' },
      { language: 'German' },
    ]) {
      const result = await collect(runtime, TEXT, { ...options, seed: 4, maxFrames: 6 });
      expect(result.frames.length).toBeGreaterThan(0);
    }
  });

  it('honours an instruction only on a 1.7B config (tts_model_size 1b7)', async () => {
    const options = { ...GREEDY, maxFrames: 6, instruction: 'Speak very slowly.' };
    const plain = await collect(runtime, TEXT, { ...GREEDY, maxFrames: 6 });
    expect((await collect(runtime, TEXT, options)).audio).toEqual(plain.audio);
    const dir = await standinCopy();
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, tts_model_size: '1b7' }));
    const large = { model: await loadModel(dir, { threads: 1 }), tokenizer: loadTokenizer(dir) };
    expect((await collect(large, TEXT, { ...GREEDY, maxFrames: 6 })).audio).toEqual(plain.audio);
    expect((await collect(large, TEXT, options)).audio).not.toEqual(plain.audio);
    await large.model.release();
  });
});
