import { encodeWav } from '@parley/core';
import { describe, expect, it } from 'vitest';
import { syntheticVowel, VOICE_A, vowelWav } from '../testing/reference-voice.js';
import { parseModelConfig, type ModelConfig } from '../model/model-config.js';
import { resolveSynthesisOptions } from '../synthesis/options.js';
import { resolveVoiceClone, type VoiceCloneOptions } from './clone-options.js';

const talker = {
  codec_pad_id: 2148,
  codec_bos_id: 2149,
  codec_eos_token_id: 2150,
  codec_think_id: 2154,
  codec_nothink_id: 2155,
  codec_think_bos_id: 2156,
  codec_think_eos_id: 2157,
  codec_language_id: { english: 2050 },
};
const ids = { tts_pad_token_id: 151671, tts_bos_token_id: 151672, tts_eos_token_id: 151673 };
const base: ModelConfig = parseModelConfig({ tts_model_type: 'base', ...ids, talker_config: { ...talker, spk_id: {} } });
const customVoice: ModelConfig = parseModelConfig({
  tts_model_type: 'custom_voice',
  ...ids,
  talker_config: { ...talker, spk_id: { ryan: 3061 } },
});
const ALL_GRAPHS = { speakerEncoder: true, codecEncoder: true };
const WAV = vowelWav(VOICE_A, 2, 22_050, 2);
const resolve = (clone: VoiceCloneOptions, config = base, capabilities = ALL_GRAPHS) => resolveVoiceClone(clone, config, capabilities);

describe('resolveVoiceClone', () => {
  it("reads WAV bytes whatever their rate and channels: mono 16-bit at the file's rate", () => {
    const clone = resolve({ audio: WAV, text: 'Ah.' });
    expect(clone).toMatchObject({ mode: 'icl', sampleRate: 22_050, text: 'Ah.' });
    expect(clone.samples.length).toBe(44_100);
    const mono = resolve({ audio: vowelWav(VOICE_A, 2, 22_050, 1), mode: 'x-vector' });
    expect(clone.samples).toEqual(mono.samples); // both channels equal: their mean is the signal
    expect(resolve({ audio: Buffer.from(WAV), text: 'Ah.' }).samples).toEqual(clone.samples);
    expect(resolve({ audio: WAV.slice().buffer, text: 'Ah.' }).samples).toEqual(clone.samples);
  });

  it('takes raw Int16Array or Float32Array samples with their sampleRate', () => {
    const floats = syntheticVowel(VOICE_A, 1.5, 16_000);
    expect(resolve({ audio: floats, sampleRate: 16_000, mode: 'x-vector' })).toMatchObject({
      mode: 'x-vector',
      sampleRate: 16_000,
      text: undefined,
    });
    expect(resolve({ audio: new Int16Array(48_000).fill(100), sampleRate: 48_000, text: 'Hi.' }).samples.length).toBe(48_000);
  });

  it('defaults to ICL with a transcript, needs x-vector asked for without one, and drops the transcript in x-vector mode', () => {
    expect(resolve({ audio: WAV, text: 'Ah.' }).mode).toBe('icl');
    expect(resolve({ audio: WAV, text: 'Ah.', mode: 'x-vector' })).toMatchObject({ mode: 'x-vector', text: undefined });
  });

  it.each<[string, VoiceCloneOptions, RegExp]>([
    ['no transcript and no mode', { audio: WAV }, /clone\.text .* is required for ICL.*x-vector/],
    ['ICL without a transcript', { audio: WAV, mode: 'icl', text: '   ' }, /needs clone\.text/],
    ['an unknown mode', { audio: WAV, mode: 'zero-shot' as 'icl', text: 'Ah.' }, /clone\.mode must be one of icl, x-vector/],
    [
      'bytes that are not WAV',
      { audio: new TextEncoder().encode('ID3 not a wav file at all'), mode: 'x-vector' },
      /clone\.audio: invalid WAV: not a RIFF\/WAVE file/,
    ],
    ['empty bytes', { audio: new Uint8Array(0), mode: 'x-vector' }, /clone\.audio is empty/],
    ['an empty WAV', { audio: encodeWav(new Int16Array(0), { sampleRate: 24_000 }), mode: 'x-vector' }, /clone\.audio is empty/],
    ['0.5 s of audio', { audio: vowelWav(VOICE_A, 0.5, 24_000), mode: 'x-vector' }, /500 ms long; a reference needs at least 1000 ms/],
    ['31 s of audio', { audio: new Int16Array(31 * 16_000), sampleRate: 16_000, mode: 'x-vector' }, /31\.0 s long; at most 30 s/],
    ['raw samples without a rate', { audio: new Int16Array(24_000), mode: 'x-vector' }, /clone\.sampleRate is required/],
    ['a rate that contradicts the WAV', { audio: WAV, sampleRate: 24_000, mode: 'x-vector' }, /contradicts the WAV file's 22050 Hz/],
    [
      'a silly rate',
      { audio: new Int16Array(24_000), sampleRate: 100, mode: 'x-vector' },
      /clone\.sampleRate must be an integer from 8000/,
    ],
    [
      'a wrong audio type',
      { audio: [0.1, 0.2] as unknown as Float32Array, sampleRate: 24_000, mode: 'x-vector' },
      /clone\.audio must be WAV bytes/,
    ],
    ['a transcript that is not a string', { audio: WAV, text: 42 as unknown as string }, /clone\.text must be a string/],
  ])('rejects %s with INVALID_INPUT', (_, clone, message) => {
    expect(() => resolve(clone)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(message) }));
  });

  it('refuses a CustomVoice model: cloning needs the Base model', () => {
    expect(() => resolve({ audio: WAV, text: 'Ah.' }, customVoice)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('needs a Base model') }),
    );
  });

  it('names the missing graph: the speaker encoder for any cloning, the codec encoder for ICL', () => {
    expect(() => resolve({ audio: WAV, mode: 'x-vector' }, base, { speakerEncoder: false, codecEncoder: true })).toThrow(
      /no speaker_encoder\.onnx/,
    );
    expect(() => resolve({ audio: WAV, text: 'Ah.' }, base, { speakerEncoder: true, codecEncoder: false })).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        message: expect.stringContaining('no tokenizer12hz_encode.onnx (the codec encoder)'),
      }),
    );
    expect(resolve({ audio: WAV, mode: 'x-vector' }, base, { speakerEncoder: true, codecEncoder: false }).mode).toBe('x-vector');
  });

  it('is the `clone` option of resolveSynthesisOptions, which defaults Base models to streaming text', () => {
    const options = resolveSynthesisOptions({ clone: { audio: WAV, text: 'Ah.' }, seed: 1 }, base, () => 0, ALL_GRAPHS);
    expect(options).toMatchObject({ streamingText: true, clone: { mode: 'icl', sampleRate: 22_050 } });
    expect(resolveSynthesisOptions({ seed: 1 }, base, () => 0).clone).toBeUndefined();
  });
});
