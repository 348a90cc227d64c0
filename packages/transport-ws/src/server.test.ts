import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ToneSpeech } from '@parley/core';
import { createSpeechServer, closeOnSignals } from './index.js';
import { CREDENTIALS, MemoryLogger, SERVER_WAIT, TestClient, sentencesOf, startServer, stopServers, token } from './testing/helpers.js';

afterEach(stopServers);

describe('graceful close', () => {
  it('ends a session mid-sentence with error, audio.done {error: true}, session.done, closes it 1001, and stops its generation', async () => {
    const tts = new ToneSpeech({ msPerCharacter: 20, chunkMs: 10, realTimeFactor: 1 });
    const { server, wsUrl } = await startServer({ tts });
    const client = await TestClient.connect(`${wsUrl}/v1/audio/speech/stream`, await token());
    client.send({ type: 'session.config', response_format: 'pcm', stream_audio: true });
    client.send({ type: 'input.text', text: 'Still talking when the server is told to stop.' });
    client.send({ type: 'input.done' });
    await vi.waitFor(() => expect(client.binaries().length).toBeGreaterThanOrEqual(2), SERVER_WAIT);
    await server.close();
    expect((await client.closed).code).toBe(1001);
    const [sentence] = sentencesOf(client.received);
    expect(sentence!.done).toMatchObject({ error: true, total_bytes: Buffer.concat(sentence!.frames).byteLength });
    expect(client.messages('error')[0]).toMatchObject({ code: 'CANCELLED' });
    const types = client.messages().map((m) => m.type);
    expect(types.slice(types.indexOf('error'))).toEqual(['error', 'audio.done', 'session.done']);
    const generated = tts.chunksGenerated;
    await delay(100);
    expect(tts.chunksGenerated).toBe(generated);
  });

  it('aborts REST responses in flight, closes room listeners 1001, and then refuses connections', async () => {
    const tts = new ToneSpeech({ msPerCharacter: 20, chunkMs: 10, realTimeFactor: 1 });
    const { server, url, wsUrl } = await startServer({ tts, auth: { disabled: true } });
    const listener = await TestClient.connect(`${wsUrl}/v1/rooms/lobby`);
    const res = await fetch(`${url}/v1/audio/speech`, {
      method: 'POST',
      body: '{"input":"A long answer that is still streaming.","response_format":"pcm"}',
    });
    const body = res.arrayBuffer().then(
      () => 'complete',
      () => 'aborted',
    );
    await delay(50);
    await server.close();
    expect(await body).toBe('aborted');
    expect((await listener.closed).code).toBe(1001);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('closes sockets of clients that never answer the close handshake within closeTimeoutMs', async () => {
    const { server, wsUrl } = await startServer({ auth: { disabled: true }, limits: { closeTimeoutMs: 100 } });
    const listener = await TestClient.connect(`${wsUrl}/v1/rooms/lobby`);
    (listener.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('close is idempotent and works on a server that never listened', async () => {
    const server = createSpeechServer({ tts: new ToneSpeech(), auth: CREDENTIALS, logger: new MemoryLogger() });
    await Promise.all([server.close(), server.close()]);
    expect(server.url).toBe('');
  });

  it('closeOnSignals closes the server on SIGTERM', async () => {
    const { server, url } = await startServer();
    closeOnSignals(server, ['SIGUSR2']);
    process.emit('SIGUSR2', 'SIGUSR2');
    await server.close();
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
