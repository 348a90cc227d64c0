import { describe, expect, it } from 'vitest';
import { parseClientMessage, parseSessionConfig } from './protocol.js';

const parse = (message: unknown) => parseClientMessage(Buffer.from(JSON.stringify(message)), false);

describe('parseClientMessage', () => {
  it('hands a session.config on with its raw fields, to be read as the session applies it', () => {
    expect(parse({ type: 'session.config', voice: 7 })).toEqual({ type: 'session.config', fields: { type: 'session.config', voice: 7 } });
  });

  it('reads input.text, input.done, input.cancel and session.close', () => {
    expect(parse({ type: 'input.text', text: 'Hi' })).toEqual({ type: 'input.text', text: 'Hi' });
    for (const type of ['input.done', 'input.cancel', 'session.close']) expect(parse({ type })).toEqual({ type });
  });

  it('reads fragmented messages', () => {
    const parts = [Buffer.from('{"type":"input.te'), Buffer.from('xt","text":"é"}')];
    expect(parseClientMessage(parts, false)).toEqual({ type: 'input.text', text: 'é' });
  });

  it.each([
    ['binary', () => parseClientMessage(Buffer.from('{}'), true), /binary/],
    ['bad JSON', () => parseClientMessage(Buffer.from('{'), false), /invalid JSON/],
    ['an array', () => parse([1]), /JSON object/],
    ['an unknown type', () => parse({ type: 'input.yell' }), /unknown message type: "input.yell"/],
    ['no type', () => parse({}), /unknown message type: null/],
    ['text that is not a string', () => parse({ type: 'input.text', text: 3 }), /string "text"/],
  ])('rejects %s with INVALID_INPUT', (_, run, message) => {
    expect(run).toThrow(message);
    try {
      run();
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_INPUT' });
    }
  });
});

describe('parseSessionConfig', () => {
  it("reads vLLM-Omni's default config, defaulting to wav without stream_audio and ignoring unknown fields", () => {
    const defaults = {
      voice: 'Vivian',
      task_type: 'CustomVoice',
      language: 'Auto',
      response_format: 'wav',
      speed: 1.0,
      split_granularity: 'none',
    };
    expect(parseSessionConfig(defaults)).toEqual({ voice: 'Vivian', language: 'Auto', response_format: 'wav', stream_audio: false });
    expect(parseSessionConfig({})).toEqual({ response_format: 'wav', stream_audio: false });
  });

  it('reads every field', () => {
    const config = {
      model: 'Qwen/Qwen3-TTS',
      voice: 'ryan',
      language: 'English',
      response_format: 'pcm',
      stream_audio: true,
      initial_codec_chunk_frames: 0,
      seed: 42,
      room: 'lobby',
      max_new_tokens: 100,
      non_streaming_mode: true,
    };
    expect(parseSessionConfig({ ...config, speed: 1 })).toEqual(config);
  });

  it('treats unsupported fields that are unset (null, false, empty) as absent', () => {
    expect(parseSessionConfig({ instructions: '', ref_audio: null, x_vector_only_mode: false })).toEqual({
      response_format: 'wav',
      stream_audio: false,
    });
  });

  it.each([
    [{ response_format: 'flac' }, /response_format/],
    [{ stream_audio: 'yes' }, /stream_audio/],
    [{ non_streaming_mode: 'yes' }, /non_streaming_mode must be a boolean/],
    [{ seed: -1 }, /seed/],
    [{ seed: 1.5 }, /seed/],
    [{ initial_codec_chunk_frames: -1 }, /initial_codec_chunk_frames/],
    [{ max_new_tokens: 1 }, /max_new_tokens/],
    [{ speed: 0.5 }, /speed/],
    [{ room: 'no spaces' }, /room name/],
    [{ voice: 7 }, /voice/],
    [{ instructions: 'calm' }, /instructions is not supported/],
    [{ ref_audio: 'data:audio/wav;base64,AAAA' }, /ref_audio is not supported/],
    [{ word_timestamps: true }, /word_timestamps is not supported/],
    [{ task_type: 'Base' }, /task_type "Base" is not supported/],
  ])('rejects %j with INVALID_INPUT', (fields, message) => {
    expect(() => parseSessionConfig(fields)).toThrow(message);
  });
});
