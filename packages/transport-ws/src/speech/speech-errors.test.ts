import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ParleyError } from '@parley/core';
import type { SynthesisFields } from '../index.js';
import { CheckedTone, TestClient, sentencesOf, startServer, stopServers, token, type Received } from '../testing/helpers.js';

const PATH = '/v1/audio/speech/stream';

afterEach(stopServers);

async function connect(options: Parameters<typeof startServer>[0] = {}) {
  const running = await startServer({ tts: new CheckedTone({ failing: /^Fails/ }), ...options });
  const client = await TestClient.connect(running.wsUrl + PATH, await token());
  return { ...running, client };
}

/** What a vLLM-Omni client sends at once: config, text, input.done, without waiting. */
function speakAtOnce(client: TestClient, config: Record<string, unknown>, text = 'Hello there. How are you?'): void {
  client.send({ type: 'session.config', ...config });
  client.send({ type: 'input.text', text });
  client.send({ type: 'input.done' });
}

/** The JSON message types received, in order (binary frames as "bin"). */
const typesOf = (received: readonly Received[]) => received.map((r) => (r.kind === 'json' ? r.message.type : 'bin'));

describe('a refused first session.config', () => {
  it.each([
    ['an unknown voice', { voice: 'nobody' }, /unknown voice 'nobody'/],
    ['an unknown language', { language: 'klingon' }, /unknown language 'klingon'/],
    ['an unsupported format', { response_format: 'mp3' }, /response_format/],
    ['a speed other than 1', { speed: 1.5, stream_audio: true, response_format: 'pcm' }, /speed 1.5/],
    ['instructions', { instructions: 'A cheerful voice' }, /instructions is not supported/],
    ['a voice to clone', { task_type: 'Base', ref_audio: 'ref.wav', ref_text: 'Hi.' }, /not supported/],
    ['task_type VoiceDesign', { task_type: 'VoiceDesign' }, /task_type "VoiceDesign" is not supported/],
    ['x_vector_only_mode', { x_vector_only_mode: true }, /x_vector_only_mode/],
    ['a negative seed', { seed: -1 }, /seed/],
  ])('(%s) is answered error, session.done, close 4400, and the text behind it is never spoken', async (_, config, message) => {
    const { client } = await connect();
    speakAtOnce(client, config);
    const closed = await client.closed;
    expect(closed.code).toBe(4400);
    expect(typesOf(client.received)).toEqual(['error', 'session.done']);
    expect(client.messages('error')[0]).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(message) });
    expect(client.messages('session.done')[0]).toEqual({ type: 'session.done', utterance_index: 0, total_sentences: 0 });
  });

  it('accepts the config vLLM-Omni sends by default, and its model, task_type and max_new_tokens', async () => {
    const tts = new CheckedTone();
    const { client } = await connect({ tts });
    const defaults = { voice: 'Vivian', task_type: 'CustomVoice', language: 'Auto', response_format: 'wav', speed: 1.0 };
    speakAtOnce(client, { ...defaults, model: 'Qwen/Qwen3-TTS-12Hz-0.6B-CustomVoice', max_new_tokens: 40 });
    expect(await client.next('session.done')).toMatchObject({ total_sentences: 2 });
    expect(client.messages('error')).toEqual([]);
    expect(tts.calls.at(-1)).toEqual({ voice: 'Vivian', language: 'Auto' }); // no engine's own fields by default
  });

  it("gives the engine what the server's synthesisOptions makes of the config, and refuses the config it throws for", async () => {
    const tts = new CheckedTone();
    const synthesisOptions = (fields: SynthesisFields) => {
      if (fields.max_new_tokens === 2) throw new ParleyError('INVALID_INPUT', 'max_new_tokens too small for this engine');
      return { voice: fields.voice, frames: fields.max_new_tokens, firstChunk: fields.initial_codec_chunk_frames };
    };
    const { client } = await connect({ tts, synthesisOptions });
    speakAtOnce(client, { voice: 'ryan', max_new_tokens: 40, initial_codec_chunk_frames: 3 });
    await client.next('session.done');
    expect(tts.calls.at(-1)).toEqual({ voice: 'ryan', frames: 40, firstChunk: 3 });

    const refused = (await connect({ tts, synthesisOptions })).client;
    speakAtOnce(refused, { max_new_tokens: 2 });
    expect((await refused.closed).code).toBe(4400);
    expect(refused.messages('error')).toEqual([
      { type: 'error', code: 'INVALID_INPUT', message: 'max_new_tokens too small for this engine' },
    ]);
  });

  it('a room the token may not publish into is closed 4403', async () => {
    const { client } = await connect();
    speakAtOnce(client, { room: 'stage' });
    expect((await client.closed).code).toBe(4403);
    expect(typesOf(client.received)).toEqual(['error', 'session.done']);
  });
});

describe('a refused later session.config', () => {
  it('is answered with one error, and the session speaks on with its previous config', async () => {
    const { client } = await connect();
    speakAtOnce(client, { response_format: 'pcm' }, 'First.');
    await client.next('session.done');
    speakAtOnce(client, { voice: 'nobody' }, 'Second.');
    await client.next('session.done', 2);
    expect(client.messages('error')).toEqual([
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/nobody/) }),
    ]);
    expect(client.messages('audio.start').map((m) => [m.sentence_text, m.format])).toEqual([
      ['First.', 'pcm'],
      ['Second.', 'pcm'],
    ]);
  });
});

describe('an engine failure', () => {
  it('is answered error, then audio.done {error: true}, then session.done at input.done, and text sent meanwhile is dropped without more errors', async () => {
    const { client } = await connect();
    client.send({ type: 'session.config', response_format: 'pcm', stream_audio: true });
    client.send({ type: 'input.text', text: 'Fails here. Then' });
    await client.next('audio.done');
    for (const text of [' more text. ', 'And more. ', 'And more.']) client.send({ type: 'input.text', text });
    await delay(50);
    client.send({ type: 'input.done' });
    const done = await client.next('session.done');
    expect(done).toEqual({ type: 'session.done', utterance_index: 0, total_sentences: 1 });
    expect(typesOf(client.received).filter((type) => type !== 'bin')).toEqual(['audio.start', 'error', 'audio.done', 'session.done']);
    expect(client.messages('error')[0]).toMatchObject({ code: 'DEVICE_UNAVAILABLE', message: 'GPU went away' });
    expect(client.messages('audio.done')[0]).toMatchObject({ utterance_index: 0, sentence_index: 0, error: true });
  });

  it('after input.done ends the utterance at once, and the next utterance is spoken', async () => {
    const { client } = await connect();
    speakAtOnce(client, { response_format: 'wav' }, 'Fails at once. Never said.');
    client.send({ type: 'input.text', text: 'Works.' });
    client.send({ type: 'input.done' });
    await client.next('session.done', 2);
    expect(client.messages('session.done')).toEqual([
      { type: 'session.done', utterance_index: 0, total_sentences: 1 },
      { type: 'session.done', utterance_index: 1, total_sentences: 1 },
    ]);
    expect(sentencesOf(client.received).map((s) => [s.start.sentence_text, s.done.error])).toEqual([
      ['Fails at once.', true],
      ['Works.', false],
    ]);
  });
});

describe('messages before or between configs', () => {
  it('text before session.config is answered with an error and the session can still be configured', async () => {
    const { client } = await connect();
    client.send({ type: 'input.text', text: 'too early.' });
    client.send({ type: 'input.done' });
    await client.next('error', 2);
    expect(client.messages('error').map((e) => e.message)).toEqual([
      expect.stringMatching(/session.config first/),
      expect.stringMatching(/session.config first/),
    ]);
    speakAtOnce(client, { response_format: 'pcm' });
    expect(await client.next('session.done')).toMatchObject({ utterance_index: 0, total_sentences: 2 });
  });

  it('answers each of 21 kinds of malformed message with an INVALID_INPUT error, once, and stays healthy', async () => {
    const { client } = await connect();
    client.send({ type: 'session.config', response_format: 'pcm' });
    const malformed: (string | Buffer | Record<string, unknown>)[] = [
      '{not json',
      '',
      'null',
      '42',
      '"text"',
      '[1,2]',
      '{"type":7}',
      Buffer.from([0xff, 0x00]),
      {},
      { type: 'input.yell' },
      { type: 'INPUT.TEXT', text: 'x' },
      { type: 'input.text', text: 3 },
      { type: 'session.config', response_format: 'mp3' },
      { type: 'session.config', stream_audio: 'yes' },
      { type: 'session.config', seed: -1 },
      { type: 'session.config', seed: 1.5 },
      { type: 'session.config', speed: 2 },
      { type: 'session.config', voice: 7 },
      { type: 'session.config', room: 'no spaces' },
      { type: 'session.config', initial_codec_chunk_frames: -1 },
      { type: 'session.config', language: ['en'] },
    ];
    for (const message of malformed) {
      if (typeof message === 'string' || Buffer.isBuffer(message)) client.ws.send(message);
      else client.send(message);
    }
    await client.next('error', malformed.length);
    expect(client.messages('error').map((e) => e.code)).toEqual(Array(malformed.length).fill('INVALID_INPUT'));
    speakAtOnce(client, { response_format: 'pcm' });
    expect(await client.next('session.done')).toMatchObject({ total_sentences: 2 });
    expect(client.ws.readyState).toBe(client.ws.OPEN);
  });
});

describe('slots cannot be held for nothing', () => {
  it('a socket that never configures is closed at configTimeoutMs with error, session.done, 4408, whatever it sends', async () => {
    const { client, server } = await connect({ limits: { configTimeoutMs: 200, idleTimeoutMs: 60_000 } });
    const garbage = setInterval(() => client.ws.readyState === client.ws.OPEN && client.send({ type: 'input.text', text: 'x' }), 20);
    const started = Date.now();
    const closed = await client.closed;
    clearInterval(garbage);
    expect(closed.code).toBe(4408);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(client.messages('error').at(-1)).toMatchObject({
      code: 'CANCELLED',
      message: expect.stringMatching(/no session.config within 200 ms/),
    });
    expect(client.messages('session.done')).toEqual([{ type: 'session.done', utterance_index: 0, total_sentences: 0 }]);
    await vi.waitFor(() => expect(server.activeSessions).toBe(0), { timeout: 5_000 });
  });

  it('messages that are refused do not count as activity: a configured socket sending garbage is closed idle', async () => {
    const { client } = await connect({ limits: { idleTimeoutMs: 200 } });
    client.send({ type: 'session.config' });
    await delay(20);
    const garbage = setInterval(() => client.ws.readyState === client.ws.OPEN && client.ws.send('{garbage'), 20);
    const closed = await client.closed;
    clearInterval(garbage);
    expect(closed.code).toBe(4408);
    expect(client.messages('error').at(-1)).toMatchObject({ code: 'CANCELLED', message: expect.stringMatching(/idle/) });
  });

  it('an idle close ends the open utterance with session.done, so a waiting client is not left hanging', async () => {
    const { client } = await connect({ limits: { idleTimeoutMs: 200 } });
    client.send({ type: 'session.config', response_format: 'pcm' });
    client.send({ type: 'input.text', text: 'Spoken, but input.done never comes. And' });
    expect((await client.closed).code).toBe(4408);
    expect(typesOf(client.received).filter((type) => type !== 'bin')).toEqual(['audio.start', 'audio.done', 'error', 'session.done']);
    expect(client.messages('session.done')[0]).toEqual({ type: 'session.done', utterance_index: 0, total_sentences: 1 });
  });
});

describe('an engine that rejects a config because it is not loaded', () => {
  it('its error code decides the close code', async () => {
    const failing = new CheckedTone();
    failing.synthesize = () => {
      throw new ParleyError('MODEL_LOAD_FAILED', 'the model is broken');
    };
    const { client } = await connect({ tts: failing });
    speakAtOnce(client, {});
    expect((await client.closed).code).toBe(1011);
    expect(client.messages('error')[0]).toMatchObject({ code: 'MODEL_LOAD_FAILED' });
  });
});
