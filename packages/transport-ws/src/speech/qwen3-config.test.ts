import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStandinModel } from '@parley/models';
import { Qwen3Speech, speechRequestOptions } from '@parley/tts-qwen3';
import { TestClient, sentencesOf, startServer, stopServers, token } from '../testing/helpers.js';

let tts: Qwen3Speech;
beforeAll(async () => {
  tts = await Qwen3Speech.load({ model: await ensureStandinModel(), threads: 1, defaults: { maxFrames: 8 } });
});
afterAll(async () => {
  await stopServers();
  await tts.close();
});

describe('session.config against Qwen3-TTS (the stand-in model)', () => {
  it.each([
    [{ voice: 'nobody' }, /unknown voice 'nobody'; known: .*vivian/],
    [{ language: 'klingon' }, /unknown language 'klingon'/],
    [{ initial_codec_chunk_frames: 0 }, /initialCodecChunkFrames must be an integer ≥ 1/],
  ])('refuses %j at config, before any ONNX run', async (fields, message) => {
    const { wsUrl } = await startServer({ tts, synthesisOptions: speechRequestOptions });
    const client = await TestClient.connect(`${wsUrl}/v1/audio/speech/stream`, await token());
    const runs = tts.runsStarted();
    client.send({ type: 'session.config', ...fields });
    client.send({ type: 'input.text', text: 'Never spoken.' });
    client.send({ type: 'input.done' });
    expect((await client.closed).code).toBe(4400);
    expect(client.messages('error')).toEqual([{ type: 'error', code: 'INVALID_INPUT', message: expect.stringMatching(message) }]);
    expect(tts.runsStarted()).toBe(runs);
  });

  it("accepts vLLM-Omni's default config (Vivian, Auto) and speaks", async () => {
    const { wsUrl } = await startServer({ tts });
    const client = await TestClient.connect(`${wsUrl}/v1/audio/speech/stream`, await token());
    client.send({
      type: 'session.config',
      voice: 'Vivian',
      task_type: 'CustomVoice',
      language: 'Auto',
      response_format: 'wav',
      speed: 1.0,
    });
    client.send({ type: 'input.text', text: 'Hello.' });
    client.send({ type: 'input.done' });
    expect(await client.next('session.done')).toMatchObject({ total_sentences: 1 });
    expect(client.messages('error')).toEqual([]);
  });

  it.each([
    [true, 'Hello there my friend, how are you?'],
    [false, 'Hello there'],
  ])('non_streaming_mode %s: the sentence starts with %j (text streamed in, or waited for whole)', async (nonStreaming, started) => {
    const { wsUrl } = await startServer({ tts, synthesisOptions: speechRequestOptions });
    const client = await TestClient.connect(`${wsUrl}/v1/audio/speech/stream`, await token());
    client.send({ type: 'session.config', response_format: 'pcm', non_streaming_mode: nonStreaming, seed: 1 });
    client.send({ type: 'input.text', text: 'Hello there my' });
    if (!nonStreaming) await client.next('audio.start'); // speaking before the sentence is complete
    client.send({ type: 'input.text', text: ' friend, how are you?' });
    client.send({ type: 'input.done' });
    await client.next('session.done');
    expect(sentencesOf(client.received).map((s) => [s.start.sentence_text, s.done.sentence_text])).toEqual([
      [started, 'Hello there my friend, how are you?'],
    ]);
  });

  it('passes max_new_tokens on to the engine with speechRequestOptions: N tokens, at most N − 1 codec frames a sentence', async () => {
    const { wsUrl } = await startServer({ tts, synthesisOptions: speechRequestOptions });
    const client = await TestClient.connect(`${wsUrl}/v1/audio/speech/stream`, await token());
    client.send({ type: 'session.config', response_format: 'pcm', max_new_tokens: 3, seed: 1 });
    client.send({ type: 'input.text', text: 'A sentence long enough for many frames.' });
    client.send({ type: 'input.done' });
    await client.next('session.done');
    const bytes = sentencesOf(client.received).map((sentence) => sentence.frames.reduce((n, frame) => n + frame.length, 0));
    expect(bytes).toHaveLength(1);
    expect(bytes[0]).toBeGreaterThan(0);
    expect(bytes[0]).toBeLessThanOrEqual(2 * 1920 * 2); // 2 frames of 1920 samples, 2 bytes each; the default cap is 8
  });
});
