import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VOICE_A, VOICE_B, vowelWav } from '../testing/reference-voice.js';
import { collect, maxAbsDiff, removeCopies, resolved, standinCopy, standinRuntime } from '../testing/standin.js';
import { SAMPLES_PER_FRAME } from '@parley/qwen3-contract';
import { decodeFrames } from '../codec/codec-decoder.js';
import { loadModel } from '../model/load-model.js';
import { float32Tensor, int64Tensor, outputFloats } from '../model/tensors.js';
import type { Qwen3SynthesisOptions } from '../synthesis/options.js';
import { synthesizeText, type SynthesisRuntime } from '../synthesis/synthesize-text.js';
import { loadTokenizer } from '../tokenizer/text-tokenizer.js';
import { logMelSpectrogram } from './log-mel.js';
import { ReferenceCache } from './prepared-reference.js';
import { encodeReference } from './reference-codes.js';
import { referenceAt24k } from './resample-reference.js';

const TEXT = 'Hello, world! This is parley speaking.';
const REF_TEXT = 'Ah, a long open vowel.';
/** 2 s at 22.05 kHz: the resampler runs, and 48 000 samples at 24 kHz make 25 codec frames. */
const [WAV_A, WAV_B] = [vowelWav(VOICE_A, 2, 22_050), vowelWav(VOICE_B, 2, 22_050)];
const REF_FRAMES = 25;
const ICL: Qwen3SynthesisOptions = { clone: { audio: WAV_A, text: REF_TEXT }, maxFrames: 16 };
const XVECTOR: Qwen3SynthesisOptions = { clone: { audio: WAV_A, mode: 'x-vector' }, maxFrames: 16 };

let runtime: SynthesisRuntime;
beforeAll(async () => {
  runtime = await standinRuntime({ modelType: 'base' });
});
afterAll(async () => {
  await runtime.model.release();
  removeCopies();
});
const runs = (graph: string) => runtime.model.monitor.snapshot().byGraph[graph]?.runs ?? 0;
/** Calls `graph.run` through, recording each call's feeds and outputs. */
function record(name: 'speakerEncoder' | 'talkerPrefill') {
  const graph = runtime.model.graphs[name]!;
  const calls: { feeds: Record<string, ort.Tensor>; outputs: ort.InferenceSession.OnnxValueMapType }[] = [];
  const run = graph.run.bind(graph);
  const spy = vi.spyOn(graph, 'run').mockImplementation(async (feeds, signal) => {
    const outputs = await run(feeds, signal);
    calls.push({ feeds, outputs });
    return outputs;
  });
  return { calls, restore: () => spy.mockRestore() };
}

describe('x-vector cloning on the Base stand-in (docs/model.md#x-vector-mode)', () => {
  it('feeds the speaker encoder the log-mel [1,T,128] of the reference resampled to 24 kHz, and no codec encoder runs', async () => {
    const encoder = record('speakerEncoder');
    const before = runs('tokenizer12hz_encode');
    await collect(runtime, TEXT, { ...XVECTOR, seed: 1 });
    encoder.restore();
    const expected = logMelSpectrogram(await referenceAt24k(resolved(runtime.model, XVECTOR).clone!));
    expect(expected.frames).toBe(1 + Math.floor((48_000 + 768 - 1024) / 256));
    const [mel] = Object.values(encoder.calls[0]!.feeds);
    expect(mel!.dims).toEqual([1, expected.frames, 128]);
    expect(mel!.data).toEqual(expected.data);
    expect(runs('tokenizer12hz_encode')).toBe(before);
  });

  it('puts the speaker vector into the prefill before [pad, bos]: TP(tts_pad) + x-vector at position 6', async () => {
    const [encoder, prefill] = [record('speakerEncoder'), record('talkerPrefill')];
    await collect(runtime, TEXT, { ...XVECTOR, seed: 1, maxFrames: 1 });
    encoder.restore();
    prefill.restore();
    const H = runtime.model.sizes.hidden;
    const speaker = outputFloats(encoder.calls[0]!.outputs, 'embedding');
    const ttsPad = outputFloats(
      await runtime.model.graphs.textProject.run({ input_ids: int64Tensor([runtime.model.config.text.ttsPad], [1, 1]) }),
      'embeds',
    );
    const embeds = prefill.calls[0]!.feeds['inputs_embeds']!;
    expect(embeds.dims).toEqual([1, 3 + 5 + 1, H]); // role, [nothink, think_bos, think_eos, spk, pad], text[0]+bos
    const row = (embeds.data as Float32Array).subarray(6 * H, 7 * H);
    expect(
      maxAbsDiff(
        row,
        ttsPad.map((v, i) => v + speaker[i]!),
      ),
    ).toBeLessThan(1e-6);
  });

  it('gives the same audio for the same seed and reference, and different audio for another reference', async () => {
    const a = await collect(runtime, TEXT, { ...XVECTOR, seed: 7 });
    const b = await collect(runtime, TEXT, { ...XVECTOR, seed: 7 });
    const other = await collect(runtime, TEXT, { ...XVECTOR, clone: { audio: WAV_B, mode: 'x-vector' }, seed: 7 });
    expect(a.audio.length).toBeGreaterThan(0);
    expect(b.audio).toEqual(a.audio);
    expect(other.frames).not.toEqual(a.frames);
  });
});

describe('ICL cloning on the Base stand-in (docs/model.md#icl-mode)', () => {
  it('prefills role + codec track + [bos, 25 reference frames] with text over them, and streams only the generated audio', async () => {
    const prefill = record('talkerPrefill');
    const result = await collect(runtime, TEXT, { ...ICL, seed: 3 });
    prefill.restore();
    expect(prefill.calls[0]!.feeds['inputs_embeds']!.dims[1]).toBe(3 + 5 + 1 + REF_FRAMES);
    expect(result.audio.length).toBe(result.frames.length * SAMPLES_PER_FRAME);
    // The official way: decode ref_code ++ generated, cut the reference's share of the samples.
    const reference = resolved(runtime.model, ICL).clone!;
    const codes = await encodeReference(runtime.model.graphs.codecEncoder!, await referenceAt24k(reference), runtime.model.sizes);
    expect(codes).toHaveLength(REF_FRAMES);
    const whole = await decodeFrames(runtime.model.graphs.codecDecoder, [...codes, ...result.frames], runtime.model.sizes);
    const cut = (REF_FRAMES / (REF_FRAMES + result.frames.length)) * whole.length;
    expect(maxAbsDiff(result.audio, whole.subarray(cut))).toBeLessThan(1e-5);
    expect(result.chunks.length).toBeGreaterThan(1);
  });

  it('lays the transcript and text over pad, then bos and the frames over tts_pad, in non-streaming mode', async () => {
    const prefill = record('talkerPrefill');
    await collect(runtime, TEXT, { ...ICL, streamingText: false, seed: 3, maxFrames: 2 });
    prefill.restore();
    const refIds = runtime.tokenizer.encode(`<|im_start|>assistant\n${REF_TEXT}<|im_end|>\n`).slice(3, -2);
    const textIds = runtime.tokenizer.encode(`<|im_start|>assistant\n${TEXT}<|im_end|>\n<|im_start|>assistant\n`).slice(3, -5);
    expect(prefill.calls[0]!.feeds['inputs_embeds']!.dims[1]).toBe(3 + 5 + refIds.length + textIds.length + 1 + 1 + REF_FRAMES);
  });

  it('gives the same audio for the same seed and reference, and different audio for another reference', async () => {
    const a = await collect(runtime, TEXT, { ...ICL, seed: 9 });
    const b = await collect(runtime, TEXT, { ...ICL, seed: 9 });
    const other = await collect(runtime, TEXT, { ...ICL, clone: { audio: WAV_B, text: REF_TEXT }, seed: 9 });
    expect(b.audio).toEqual(a.audio);
    expect(other.frames).not.toEqual(a.frames);
  });

  it('prepares a reference once when a ReferenceCache is given (as the worker does), with the same audio', async () => {
    const cached: SynthesisRuntime = { ...runtime, references: new ReferenceCache() };
    const plain = await collect(runtime, TEXT, { ...ICL, seed: 4 });
    const [encoders, codecs] = [runs('speaker_encoder'), runs('tokenizer12hz_encode')];
    const first = await collect(cached, TEXT, { ...ICL, seed: 4 });
    const second = await collect(cached, 'Another sentence.', { ...ICL, seed: 5 });
    expect([runs('speaker_encoder') - encoders, runs('tokenizer12hz_encode') - codecs]).toEqual([1, 1]);
    expect(first.audio).toEqual(plain.audio);
    expect(second.audio.length).toBeGreaterThan(0);
    await collect(cached, TEXT, { ...ICL, clone: { audio: WAV_B, text: REF_TEXT }, seed: 4 });
    expect(runs('speaker_encoder') - encoders).toBe(2);
  });
});

describe('cancelling a cloned synthesis', () => {
  it('stops during the reference preparation before its next run, and does not cache the half-made reference', async () => {
    const cached: SynthesisRuntime = { ...runtime, references: new ReferenceCache() };
    const controller = new AbortController();
    const graph = runtime.model.graphs.speakerEncoder!;
    const run = graph.run.bind(graph);
    const spy = vi.spyOn(graph, 'run').mockImplementation(async (feeds, signal) => {
      const outputs = await run(feeds, signal);
      controller.abort(); // cancelled while the speaker encoder ran
      return outputs;
    });
    const before = runtime.model.monitor.snapshot().totalRuns;
    await expect(collect(cached, TEXT, { ...ICL, seed: 1 }, controller.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
    spy.mockRestore();
    expect(runtime.model.monitor.snapshot().totalRuns - before).toBe(1); // the speaker encoder only
    const encoders = runs('speaker_encoder');
    expect((await collect(cached, TEXT, { ...ICL, seed: 1, maxFrames: 2 })).frames.length).toBeGreaterThan(0);
    expect(runs('speaker_encoder') - encoders).toBe(1); // prepared afresh
  });
});

describe('cloning errors before any ONNX run', () => {
  it('rejects a transcript that spells a special token', async () => {
    const before = runtime.model.monitor.snapshot().totalRuns;
    await expect(collect(runtime, TEXT, { ...ICL, clone: { audio: WAV_A, text: 'Hi <|im_end|>' } })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(runtime.model.monitor.snapshot().totalRuns).toBe(before);
  });

  it("names the missing codec encoder when ICL options were resolved without the model's capabilities", async () => {
    const dir = await standinCopy({ modelType: 'base' });
    rmSync(join(dir, 'tokenizer12hz_encode.onnx'));
    const model = await loadModel(dir, { threads: 1 });
    const options = resolved(runtime.model, { ...ICL, seed: 1 }); // resolved against a model that has it
    const lacking: SynthesisRuntime = { model, tokenizer: loadTokenizer(dir) };
    await expect(synthesizeText(lacking, TEXT, options).next()).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('tokenizer12hz_encode.onnx'),
    });
    expect(model.monitor.snapshot().totalRuns).toBe(0);
    expect(() => resolved(model, ICL)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect((await collect(lacking, TEXT, { ...XVECTOR, seed: 1, maxFrames: 2 })).frames.length).toBeGreaterThan(0);
    await model.release();
  });

  it('refuses a resolved reference on a CustomVoice model', async () => {
    const custom = await standinRuntime();
    const options = resolved(runtime.model, { ...XVECTOR, seed: 1 });
    await expect(synthesizeText(custom, TEXT, options).next()).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('Base model'),
    });
    expect(custom.model.monitor.snapshot().totalRuns).toBe(0);
    await custom.model.release();
  });

  it("checks the speaker encoder's output width (enc_dim must be H)", async () => {
    const graph = runtime.model.graphs.speakerEncoder!;
    const spy = vi.spyOn(graph, 'run').mockResolvedValue({ embedding: float32Tensor(new Float32Array(7), [1, 7]) });
    await expect(collect(runtime, TEXT, { ...XVECTOR, seed: 1 })).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: expect.stringContaining('expected 32'),
    });
    spy.mockRestore();
  });
});
