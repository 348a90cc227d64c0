import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cudaLibrariesPresent, emptyDir, removeCopies, standinCopy, standinDir } from '../testing/standin.js';
import { loadModel } from './load-model.js';

afterAll(removeCopies);

describe('loadModel', () => {
  it('loads the stand-in and reads every size from the graphs and every id from config.json', async () => {
    const model = await loadModel(await standinDir(), { threads: 1 });
    try {
      expect(model.sizes).toEqual({ hidden: 32, layers: 2, codecVocab: 3072, codebook: 2048, codeGroups: 16 });
      expect(model.config.codec).toEqual({ pad: 2148, bos: 2149, eos: 2150, think: 2154, nothink: 2155, thinkBos: 2156, thinkEos: 2157 });
      expect(model.config.text).toEqual({ ttsPad: 151671, ttsBos: 151672, ttsEos: 151673 });
      expect(model.config.speakers['ryan']).toBe(3061);
      expect(model.config.languages['english']).toBe(2050);
      expect(model.graphs.speakerEncoder).toBeDefined();
      expect(model.graphs.codecEncoder).toBeDefined();
    } finally {
      await model.release();
    }
  });

  it('reads layers and H from a differently sized stand-in (nothing hard-coded)', async () => {
    const model = await loadModel(await standinDir({ sizes: { hidden: 48, layers: 3, heads: 6, kvHeads: 3 } }), { threads: 1 });
    expect(model.sizes).toMatchObject({ hidden: 48, layers: 3 });
    await model.release();
  });

  it('fails with MODEL_NOT_FOUND for a missing directory', async () => {
    await expect(loadModel('/nonexistent/qwen3-tts')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });

  it('fails with MODEL_LOAD_FAILED naming config.json when it is missing', async () => {
    await expect(loadModel(emptyDir())).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: expect.stringContaining('config.json'),
    });
  });

  it('fails with MODEL_LOAD_FAILED naming a missing required graph', async () => {
    const dir = await standinCopy();
    rmSync(join(dir, 'talker_decode.onnx'));
    await expect(loadModel(dir)).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: expect.stringMatching(/^talker_decode\.onnx: missing/),
    });
  });

  it('loads without the optional cloning graphs', async () => {
    const dir = await standinCopy();
    rmSync(join(dir, 'speaker_encoder.onnx'));
    rmSync(join(dir, 'tokenizer12hz_encode.onnx'));
    const model = await loadModel(dir, { threads: 1 });
    expect(model.graphs.speakerEncoder).toBeUndefined();
    expect(model.graphs.codecEncoder).toBeUndefined();
    await model.release();
  });

  it('fails with MODEL_LOAD_FAILED naming the file and the expected input when a graph has the wrong I/O', async () => {
    const dir = await standinCopy();
    copyFileSync(join(dir, 'codec_embed.onnx'), join(dir, 'talker_decode.onnx'));
    await expect(loadModel(dir)).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: expect.stringMatching(/^talker_decode\.onnx: expected input 'inputs_embeds' \(float32 of rank 3\), found none/),
    });
  });

  it('fails with MODEL_LOAD_FAILED naming a graph whose bytes are not ONNX', async () => {
    const dir = await standinCopy();
    writeFileSync(join(dir, 'code_predictor.onnx'), 'not a model');
    await expect(loadModel(dir)).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: expect.stringContaining('code_predictor.onnx: onnxruntime could not load it'),
    });
  });

  it('fails with MODEL_LOAD_FAILED for a config.json without a codec id', async () => {
    const dir = await standinCopy();
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { talker_config: Record<string, unknown> };
    delete config.talker_config['codec_pad_id'];
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    await expect(loadModel(dir)).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: expect.stringContaining('talker_config.codec_pad_id'),
    });
  });

  it.skipIf(cudaLibrariesPresent())('maps a missing CUDA runtime to DEVICE_UNAVAILABLE with a clear message', async () => {
    const error = await loadModel(await standinDir(), { device: 'cuda' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DEVICE_UNAVAILABLE', message: expect.stringContaining('CUDA is unavailable') });
  });
});
