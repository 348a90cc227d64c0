import { describe, expect, it } from 'vitest';
import { parseClientMessage } from './protocol.js';

const parse = (message: unknown) => parseClientMessage(Buffer.from(JSON.stringify(message)), false);

describe('parseClientMessage', () => {
  it('reads a vLLM-Omni session.config, defaulting to wav without stream_audio and ignoring unknown fields', () => {
    expect(parse({ type: 'session.config', voice: 'vivian', task_type: 'CustomVoice', instructions: 'calm' })).toEqual({
      type: 'session.config',
      config: { voice: 'vivian', response_format: 'wav', stream_audio: false },
    });
  });

  it('reads every field of session.config', () => {
    const config = {
      model: 'Qwen/Qwen3-TTS', voice: 'ryan', language: 'English', response_format: 'pcm', stream_audio: true,
      initial_codec_chunk_frames: 0, seed: 42, room: 'lobby', speed: 1,
    };
    const { speed: _, ...expected } = config;
    expect(parse({ type: 'session.config', ...config })).toEqual({ type: 'session.config', config: expected });
  });

  it.each([
    [{ response_format: 'flac' }, /response_format/],
    [{ stream_audio: 'yes' }, /stream_audio/],
    [{ seed: -1 }, /seed/],
    [{ seed: 1.5 }, /seed/],
    [{ initial_codec_chunk_frames: -1 }, /initial_codec_chunk_frames/],
    [{ speed: 0.5 }, /speed/],
    [{ room: 'no spaces' }, /room name/],
    [{ voice: 7 }, /voice/],
  ])('rejects session.config with %j', (fields, message) => {
    expect(() => parse({ type: 'session.config', ...fields })).toThrow(message);
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
