import { float32ToInt16, type SpeechEvent } from '@parley/core';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticVowel, VOICE_A, vowelWav } from '../testing/reference-voice.js';
import { collect, concat, standinDir, standinRuntime } from '../testing/standin.js';
import { Qwen3Speech } from '../qwen3-speech.js';
import { segmentSeed } from '../sampling/prng.js';
import type { Qwen3SynthesisOptions } from '../synthesis/options.js';
import { ReferenceCache } from './prepared-reference.js';

const TEXT = 'Hello there, this is parley. It speaks in two sentences.';
const CLONE = { audio: vowelWav(VOICE_A, 2, 22_050, 2), text: 'Ah, a long open vowel.' };
const samplesOf = (events: SpeechEvent[]) => Int16Array.from(events.flatMap((e) => (e.type === 'audio' ? Array.from(e.frame.data) : [])));
const speak = async (tts: Qwen3Speech, text: string, options: Qwen3SynthesisOptions) =>
  lastValueFrom(tts.synthesize(text, options).pipe(toArray()));

let tts: Qwen3Speech;
beforeAll(async () => {
  tts = await Qwen3Speech.load({ model: await standinDir({ modelType: 'base' }), threads: 1 });
});
afterAll(() => tts.close());

describe('Qwen3Speech voice cloning (worker thread)', () => {
  it('sends back exactly the in-process ICL audio, segment by segment, preparing the reference once', async () => {
    const before = await tts.stats();
    const events = await speak(tts, TEXT, { clone: CLONE, seed: 21, maxFrames: 10 });
    const after = await tts.stats();
    const runtime = { ...(await standinRuntime({ modelType: 'base' })), references: new ReferenceCache() };
    const parts = [];
    for (const [i, sentence] of ['Hello there, this is parley.', 'It speaks in two sentences.'].entries()) {
      parts.push((await collect(runtime, sentence, { clone: CLONE, seed: segmentSeed(21, i), maxFrames: 10 })).audio);
    }
    await runtime.model.release();
    expect(samplesOf(events)).toEqual(float32ToInt16(concat(parts)));
    const ran = (graph: string) => (after.byGraph[graph]?.runs ?? 0) - (before.byGraph[graph]?.runs ?? 0);
    expect([ran('speaker_encoder'), ran('tokenizer12hz_encode')]).toEqual([1, 1]); // two segments, one preparation
  });

  it("leaves the caller's reference buffer intact: the worker gets its own transferred copy", async () => {
    const audio = Float32Array.from(syntheticVowel(VOICE_A, 1.5, 24_000));
    const options = { clone: { audio, sampleRate: 24_000, mode: 'x-vector' as const }, seed: 2, maxFrames: 4 };
    const [a, b] = [await speak(tts, 'One.', options), await speak(tts, 'One.', options)];
    expect(audio.length).toBe(36_000);
    expect(samplesOf(b)).toEqual(samplesOf(a));
  });

  it('takes a cloned voice as a default for every synthesis', async () => {
    const withDefault = await Qwen3Speech.load({ model: await standinDir({ modelType: 'base' }), threads: 1, defaults: { clone: CLONE } });
    const a = samplesOf(await speak(withDefault, 'One.', { seed: 3, maxFrames: 4 }));
    await withDefault.close();
    expect(a).toEqual(samplesOf(await speak(tts, 'One.', { clone: CLONE, seed: 3, maxFrames: 4 })));
  });

  it.each<[string, Qwen3SynthesisOptions['clone']]>([
    ['bytes that are not WAV', { audio: new TextEncoder().encode('just some text'), text: 'Hi.' }],
    ['empty audio', { audio: new Uint8Array(0), text: 'Hi.' }],
    ['0.4 s of audio', { audio: vowelWav(VOICE_A, 0.4, 24_000), text: 'Hi.' }],
    ['40 s of audio', { audio: new Int16Array(40 * 8_000), sampleRate: 8_000, text: 'Hi.' }],
    ['a wrong type', { audio: 'alice.wav' as unknown as Uint8Array, text: 'Hi.' }],
    ['no transcript for ICL', { audio: vowelWav(VOICE_A, 2, 24_000) }],
  ])('fails with INVALID_INPUT on %s, before any ONNX run', async (_, clone) => {
    const before = tts.runsStarted();
    await expect(lastValueFrom(tts.synthesize(TEXT, { clone }))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('clone.'),
    });
    expect(tts.runsStarted()).toBe(before);
  });

  it('refuses a reference on a CustomVoice model before any ONNX run, and as a load default', async () => {
    const custom = await Qwen3Speech.load({ model: await standinDir(), threads: 1 });
    const before = custom.runsStarted();
    await expect(lastValueFrom(custom.synthesize(TEXT, { clone: CLONE }))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('needs a Base model'),
    });
    expect(custom.runsStarted()).toBe(before);
    await custom.close();
    await expect(Qwen3Speech.load({ model: await standinDir(), threads: 1, defaults: { clone: CLONE } })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});
