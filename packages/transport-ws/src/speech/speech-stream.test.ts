import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { filter, map, pipe, switchMap, timer, toArray } from 'rxjs';
import { speakSegmentStreams, ToneSpeech, wrapSpeech, type SpeechEvent } from '@parley/core';

/** A speech stream's audio frames alone. */
const audioFrames = () =>
  pipe(
    filter((event: SpeechEvent) => event.type === 'audio'),
    map((event) => (event as Extract<SpeechEvent, { type: 'audio' }>).frame),
  );
import {
  SERVER_WAIT,
  TestClient,
  decodeWavBuffer,
  expectedBytes,
  fastTone,
  frequencyOf,
  samplesOf,
  sentencesOf,
  startServer,
  stopServers,
  token,
} from '../testing/helpers.js';

const PATH = '/v1/audio/speech/stream';
const TEXT_PIECES = ['Hello the', 're, world. How ', 'are you', ' today?'];
const TEXT = TEXT_PIECES.join('');

afterEach(stopServers);

async function connect(options: Parameters<typeof startServer>[0] = {}) {
  const running = await startServer(options);
  const client = await TestClient.connect(running.wsUrl + PATH, await token());
  return { ...running, client };
}

function speak(client: TestClient, config: Record<string, unknown>, pieces = TEXT_PIECES): void {
  client.send({ type: 'session.config', ...config });
  for (const text of pieces) client.send({ type: 'input.text', text });
  client.send({ type: 'input.done' });
}

describe('WS /v1/audio/speech/stream', () => {
  it('speaks text sent in pieces: audio.start, PCM frames, audio.done per sentence, then session.done', async () => {
    const { client, tts } = await connect();
    speak(client, {
      voice: 'ryan',
      language: 'English',
      response_format: 'pcm',
      stream_audio: true,
      seed: 7,
      initial_codec_chunk_frames: 1,
    });
    const done = await client.next('session.done');

    const sentences = sentencesOf(client.received);
    expect(done).toMatchObject({ utterance_index: 0, total_sentences: 2 });
    expect(sentences.map((s) => s.start.sentence_text)).toEqual(['Hello there, world.', 'How are you today?']);
    const expected = await expectedBytes(tts, TEXT);
    sentences.forEach((sentence, i) => {
      expect(sentence.start).toMatchObject({ sentence_index: i, format: 'pcm', sample_rate: 24_000, channels: 1 });
      expect(sentence.frames.length).toBeGreaterThan(1); // stream_audio: several frames per sentence
      const bytes = sentence.frames.reduce((n, frame) => n + frame.byteLength, 0);
      expect(sentence.done).toMatchObject({ sentence_index: i, total_bytes: bytes, error: false });
      expect(bytes).toBe(expected[i]);
    });
    expect(client.received.at(-1)).toEqual({ kind: 'json', message: done });
  });

  it('streams input.text into the sentence being spoken: audio.start has its start, audio.done the whole sentence', async () => {
    // An engine that starts a sentence from its first words (as Qwen3 does by default) and speaks once its text is whole.
    const tone = fastTone();
    const firstWords = wrapSpeech(tone, (input) =>
      speakSegmentStreams(input, (text$) =>
        text$.pipe(
          toArray(),
          switchMap((pieces) => tone.synthesize(pieces.join('')).pipe(audioFrames())),
        ),
      ),
    );
    const { client } = await connect({ tts: firstWords });
    client.send({ type: 'session.config', response_format: 'pcm' });
    client.send({ type: 'input.text', text: 'Hello there my' });
    const start = await client.next('audio.start');
    client.send({ type: 'input.text', text: ' friend, how are you?' });
    client.send({ type: 'input.done' });
    await client.next('session.done');
    expect(start).toMatchObject({ sentence_index: 0, sentence_text: 'Hello there' });
    expect(sentencesOf(client.received).map((s) => s.done.sentence_text)).toEqual(['Hello there my friend, how are you?']);
  });

  it('sends s16le PCM at the engine sample rate', async () => {
    const { client } = await connect({ tts: new ToneSpeech({ sampleRate: 16_000, msPerCharacter: 20, chunkMs: 10 }) });
    speak(client, { response_format: 'pcm', stream_audio: true });
    await client.next('session.done');
    const [first] = sentencesOf(client.received);
    const samples = samplesOf(Buffer.concat(first!.frames));
    expect(first!.start.sample_rate).toBe(16_000);
    expect(Math.max(...samples)).toBeGreaterThan(16_000); // ToneSpeech's 0.5 amplitude: ~16 383
    expect(frequencyOf(samples, 16_000)).toBeCloseTo(440, -1);
  });

  it('sends one binary frame per sentence without stream_audio', async () => {
    const { client, tts } = await connect();
    speak(client, { response_format: 'pcm', stream_audio: false });
    await client.next('session.done');
    const sentences = sentencesOf(client.received);
    expect(sentences.map((s) => s.frames.length)).toEqual([1, 1]);
    expect(sentences.map((s) => s.frames[0]!.byteLength)).toEqual(await expectedBytes(tts, TEXT));
  });

  it('sends each sentence as a complete WAV file with wav format and no stream_audio', async () => {
    const { client, tts } = await connect();
    speak(client, { response_format: 'wav' }); // vLLM-Omni's defaults: wav, stream_audio false
    await client.next('session.done');
    const sentences = sentencesOf(client.received);
    const expected = await expectedBytes(tts, TEXT);
    sentences.forEach((sentence, i) => {
      expect(sentence.frames).toHaveLength(1);
      const wav = decodeWavBuffer(sentence.frames[0]!);
      expect(wav).toMatchObject({ sampleRate: 24_000, channels: 1 });
      expect(wav.samples.byteLength).toBe(expected[i]);
      expect(sentence.done.total_bytes).toBe(expected[i]! + 44);
    });
  });

  it('streams each sentence as a WAV header then PCM chunks with wav format and stream_audio', async () => {
    const { client, tts } = await connect();
    speak(client, { response_format: 'wav', stream_audio: true });
    await client.next('session.done');
    const sentences = sentencesOf(client.received);
    const expected = await expectedBytes(tts, TEXT);
    sentences.forEach((sentence, i) => {
      expect(sentence.frames[0]!.byteLength).toBe(44);
      const wav = decodeWavBuffer(Buffer.concat(sentence.frames));
      expect(wav.samples.byteLength).toBe(expected[i]);
      expect(sentence.done.total_bytes).toBe(expected[i]! + 44);
    });
  });

  it('input.cancel mid-sentence answers audio.cancelled, sends no more of it, stops the engine, and the session goes on', async () => {
    const tts = new ToneSpeech({ msPerCharacter: 20, chunkMs: 10, realTimeFactor: 1 });
    const { client } = await connect({ tts });
    client.send({ type: 'session.config', response_format: 'pcm', stream_audio: true });
    client.send({ type: 'input.text', text: 'This is a long sentence that takes a good while to speak out loud. And' });
    await vi.waitFor(() => expect(client.binaries().length).toBeGreaterThanOrEqual(2), SERVER_WAIT);
    client.send({ type: 'input.cancel' });
    const cancelled = await client.next('audio.cancelled');
    expect(cancelled).toMatchObject({ utterance_index: 0, sentence_index: 0 });
    const generated = tts.chunksGenerated;
    await delay(150);
    expect(tts.chunksGenerated).toBe(generated);
    const cancelledAt = client.received.findIndex((r) => r.kind === 'json' && r.message === cancelled);
    expect(client.received.slice(cancelledAt + 1)).toEqual([]);
    expect(client.messages('audio.done')).toEqual([]);

    client.send({ type: 'input.text', text: 'Short one.' });
    client.send({ type: 'input.done' });
    const done = await client.next('session.done');
    expect(done).toMatchObject({ utterance_index: 1, total_sentences: 1 });
    const after = client.received.slice(cancelledAt + 1);
    expect(after[0]).toMatchObject({ kind: 'json', message: { type: 'audio.start', utterance_index: 1, sentence_text: 'Short one.' } });
    expect(sentencesOf(after)).toHaveLength(1);
  });

  it('text sent right behind a config the engine takes a while to check waits for it, and is spoken in order', async () => {
    const tone = fastTone();
    const slowToCheck = wrapSpeech(tone, (input, options) => timer(200).pipe(switchMap(() => tone.synthesize(input, options))));
    const { client } = await connect({ tts: slowToCheck });
    speak(client, { response_format: 'pcm' });
    client.send({ type: 'input.text', text: 'And a second utterance.' });
    client.send({ type: 'input.done' });
    await client.next('session.done', 2);
    expect(client.messages('error')).toEqual([]);
    expect(client.messages('audio.start').map((m) => [m.utterance_index, m.sentence_text])).toEqual([
      [0, 'Hello there, world.'],
      [0, 'How are you today?'],
      [1, 'And a second utterance.'],
    ]);
  });

  it('input.cancel with nothing being spoken still answers audio.cancelled, with sentence_index null', async () => {
    const { client } = await connect();
    client.send({ type: 'session.config', response_format: 'pcm' });
    client.send({ type: 'input.cancel' });
    expect(await client.next('audio.cancelled')).toMatchObject({ sentence_index: null });
  });

  it('keeps the connection open after session.done for the next utterance, and session.close ends it', async () => {
    const { client } = await connect();
    speak(client, { response_format: 'pcm' });
    await client.next('session.done');
    speak(client, { response_format: 'wav' }, ['Again.']);
    expect(await client.next('session.done', 2)).toMatchObject({ utterance_index: 1, total_sentences: 1 });
    expect(client.messages('audio.start').at(-1)).toMatchObject({ utterance_index: 1, format: 'wav' });
    client.send({ type: 'session.close' });
    expect((await client.closed).code).toBe(1000);
  });

  it('refuses session.config while text is pending', async () => {
    const { client } = await connect();
    client.send({ type: 'session.config', response_format: 'pcm' });
    client.send({ type: 'input.text', text: 'Pending' });
    client.send({ type: 'session.config', response_format: 'wav' });
    expect((await client.next('error')).message).toMatch(/pending/);
  });

  it('input.done with no text answers session.done with zero sentences', async () => {
    const { client } = await connect();
    client.send({ type: 'session.config' });
    client.send({ type: 'input.done' });
    expect(await client.next('session.done')).toMatchObject({ total_sentences: 0 });
  });

  it('drops text past maxTextChars with an error and speaks the rest', async () => {
    const { client } = await connect({ limits: { maxTextChars: 20 } });
    speak(client, { response_format: 'pcm' }, ['Short text here. ', 'This piece is one too many.']);
    expect((await client.next('error')).message).toMatch(/text limit of 20/);
    expect(await client.next('session.done')).toMatchObject({ total_sentences: 1 });
  });

  it('closes a message larger than maxMessageBytes with 1009', async () => {
    const { client } = await connect({ limits: { maxMessageBytes: 1024 } });
    client.send({ type: 'input.text', text: 'x'.repeat(2048) });
    expect((await client.closed).code).toBe(1009);
  });

  it('does not count time spent speaking as idle', async () => {
    const tts = new ToneSpeech({ msPerCharacter: 10, chunkMs: 10, realTimeFactor: 1 }); // ~0.4 s of speech
    const { client } = await connect({ tts, limits: { idleTimeoutMs: 150 } });
    speak(client, { response_format: 'pcm', stream_audio: true }, ['Speaking for a while, longer than idle.']);
    expect(await client.next('session.done')).toMatchObject({ total_sentences: 1 });
    expect((await client.closed).code).toBe(4408);
  });

  it('a client that disconnects mid-synthesis stops its generation at once', async () => {
    const tts = new ToneSpeech({ msPerCharacter: 20, chunkMs: 10, realTimeFactor: 1 });
    const { client, server } = await connect({ tts });
    speak(client, { response_format: 'pcm', stream_audio: true }, ['A sentence long enough to still be speaking when the client goes.']);
    await vi.waitFor(() => expect(client.binaries().length).toBeGreaterThanOrEqual(2), SERVER_WAIT);
    client.ws.terminate();
    await vi.waitFor(() => expect(server.activeSessions).toBe(0), { timeout: 5_000 });
    const generated = tts.chunksGenerated;
    await delay(150);
    expect(tts.chunksGenerated).toBe(generated);
    expect(generated).toBeLessThan(100); // the sentence has ~130 chunks
  });

  it('refuses a session past maxSessions with OVERLOADED and 4429', async () => {
    const { wsUrl, client } = await connect({ limits: { maxSessions: 1 } });
    const second = await TestClient.connect(wsUrl + PATH, await token());
    expect((await second.closed).code).toBe(4429);
    expect(second.messages('error')[0]).toMatchObject({ code: 'OVERLOADED' });
    await client.close();
  });

  it('disconnects a speech client that lets more than sessionMaxBufferedBytes pile up, and stops its generation', async () => {
    // 1 s chunks of 48 kB as fast as timers go: far more than loopback socket buffers absorb.
    const tts = new ToneSpeech({ msPerCharacter: 100, chunkMs: 1000 });
    const { client, server, logger } = await connect({ tts, limits: { sessionMaxBufferedBytes: 256 * 1024 } });
    (client.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    speak(client, { response_format: 'pcm', stream_audio: true }, ['word '.repeat(1_000)]);
    await vi.waitFor(() => expect(server.activeSessions).toBe(0), { timeout: 10_000 });
    const generated = tts.chunksGenerated;
    await delay(100);
    expect(tts.chunksGenerated).toBe(generated);
    expect(generated).toBeLessThan(500); // 5 000 chunks were asked for
    expect(logger.lines.some((line) => line.message.includes('too slow'))).toBe(true);
  });
});
