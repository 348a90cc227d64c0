import { describe, expect, it } from 'vitest';
import { parseModelConfig, type ModelConfig } from '../model/model-config.js';
import { DEFAULT_MAX_FRAMES, maxFramesFor, resolveSynthesisOptions } from './options.js';

const config: ModelConfig = parseModelConfig({
  tts_model_type: 'custom_voice',
  tts_pad_token_id: 1,
  tts_bos_token_id: 2,
  tts_eos_token_id: 3,
  talker_config: {
    codec_pad_id: 2148,
    codec_bos_id: 2149,
    codec_eos_token_id: 2150,
    codec_think_id: 2154,
    codec_nothink_id: 2155,
    codec_think_bos_id: 2156,
    codec_think_eos_id: 2157,
    codec_language_id: { english: 2050 },
    spk_id: { ryan: 3061 },
  },
});
const resolve = (options: Parameters<typeof resolveSynthesisOptions>[0], c = config) => resolveSynthesisOptions(options, c, () => 77);

describe('resolveSynthesisOptions', () => {
  // The defaults of docs/model.md#sampling and docs/model.md#streaming-decode.
  it('fills in the official defaults and the streaming defaults', () => {
    expect(resolve({})).toEqual({
      voice: undefined,
      language: 'auto',
      instruction: undefined,
      textMode: 'incremental',
      leadTokens: 1,
      streamingText: true,
      seed: 77,
      first: { doSample: true, temperature: 0.9, topK: 50, topP: 1, repetitionPenalty: 1.05 },
      sub: { doSample: true, temperature: 0.9, topK: 50, topP: 1 },
      maxFrames: undefined,
      chunks: { initialChunkFrames: 4, chunkFrames: 25, leftContextFrames: 50 },
      streamChunks: { initialChunkFrames: 1, chunkFrames: 1 },
    });
    expect(DEFAULT_MAX_FRAMES).toBe(8191);
  });

  it('caps each segment by its length unless maxFrames is given: seconds of babble at worst, not minutes', () => {
    expect(maxFramesFor('Hi.')).toBe(25 + 3 * 5);
    expect(maxFramesFor('你好。')).toBe(maxFramesFor('Hi.')); // characters, not UTF-16 units or bytes
    expect(maxFramesFor('x'.repeat(5000))).toBe(DEFAULT_MAX_FRAMES);
    expect(resolve({ maxFrames: 300 }).maxFrames).toBe(300);
  });

  it('lets sub-codes inherit the code-0 settings unless given, and Base default to streaming text', () => {
    expect(resolve({ temperature: 0, subCodes: { topK: 5 } }).sub).toEqual({ doSample: true, temperature: 0, topK: 5, topP: 1 });
    expect(resolve({ textMode: 'sentence' }, { ...config, modelType: 'base', speakers: {} }).streamingText).toBe(true);
    expect(resolve({ textMode: 'sentence' }).streamingText).toBe(false); // CustomVoice, as the official wrapper
  });

  it('speaks text as it arrives unless it must be whole: non-streaming text and ICL cloning mean sentence mode', () => {
    expect(resolve({}).textMode).toBe('incremental');
    expect(resolve({ streamingText: false })).toMatchObject({ textMode: 'sentence', streamingText: false });
    expect(() => resolve({ textMode: 'incremental', streamingText: false })).toThrow(
      /textMode 'incremental' needs the text as it arrives, which streamingText: false cannot take/,
    );
    expect(() => resolve({ textMode: 'paragraph' as 'sentence' })).toThrow(/invalid textMode: paragraph/);
    expect(() => resolve({ leadTokens: 0 })).toThrow(/invalid leadTokens: 0/);
  });

  it.each([
    [{ voice: 'bob' }, /unknown voice/],
    [{ language: 'elvish' }, /unknown language/],
    [{ temperature: -1 }, /temperature/],
    [{ topK: 1.5 }, /topK/],
    [{ topP: 0 }, /topP/],
    [{ repetitionPenalty: 0 }, /repetitionPenalty/],
    [{ seed: 0.5 }, /seed/],
    [{ maxFrames: 0 }, /maxFrames/],
    [{ maxFrames: 8192 }, /maxFrames/],
    [{ initialCodecChunkFrames: 0 }, /initialCodecChunkFrames/],
    [{ codecLeftContextFrames: 1010 }, /≤ 1024/],
    [{ subCodes: { temperature: Number.NaN } }, /subCodes\.temperature/],
  ])('rejects %j with INVALID_INPUT', (options, message) => {
    expect(() => resolve(options)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(message) }));
  });
});
