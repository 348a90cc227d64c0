import { setTimeout as delay } from 'node:timers/promises';
import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ToneSpeech } from '@parley/core';
import { startServer, stopServers, token } from '../testing/helpers.js';

afterEach(stopServers);

/** 100 ms of audio (4 800 bytes) per character, as fast as timers go, in 1 s chunks. */
const heavyTone = () => new ToneSpeech({ msPerCharacter: 100, chunkMs: 1000 });

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(`${url}/v1/audio/speech`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Sends a speech request on a raw socket that never reads a byte of the answer. */
async function postAndNeverRead(url: string, body: unknown): Promise<() => void> {
  const json = JSON.stringify(body);
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.pause();
  socket.on('error', () => {});
  socket.write(
    `POST /v1/audio/speech HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${await token()}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`,
  );
  return () => socket.destroy();
}

describe('POST /v1/audio/speech bounds', () => {
  it('refuses a stream: false answer longer than maxHeldResponseBytes with 413, and stops the engine', async () => {
    const tts = heavyTone();
    const { url, server } = await startServer({ tts, limits: { maxHeldResponseBytes: 1024 * 1024 } });
    const res = await post(url, { input: 'word '.repeat(400), stream: false, response_format: 'pcm' }); // 9.6 MB of audio
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/longer than 1048576 bytes.*"stream": true/) },
    });
    await vi.waitFor(() => expect(server.activeSessions).toBe(0), { timeout: 5_000 });
    const generated = tts.chunksGenerated;
    await delay(100);
    expect(tts.chunksGenerated).toBe(generated);
    expect(generated).toBeLessThan(100); // 2 000 one-second chunks were asked for
  });

  it.each([false, true])('drops a client that never reads after writeTimeoutMs, freeing its slot (stream: %s)', async (stream) => {
    // A backlog bound far above the audio, so that only the write deadline can end it.
    const limits = { writeTimeoutMs: 300, sessionMaxBufferedBytes: 64 * 1024 * 1024 };
    const { url, server, logger } = await startServer({ tts: heavyTone(), limits });
    const close = await postAndNeverRead(url, { input: 'word '.repeat(600), stream, response_format: 'pcm' }); // 14 MB: more than loopback buffers absorb
    await vi.waitFor(() => expect(server.activeSessions).toBe(1), { timeout: 5_000 });
    await vi.waitFor(() => expect(server.activeSessions).toBe(0), { timeout: 10_000 });
    expect(logger.lines).toContainEqual(expect.objectContaining({ message: 'speech response: client took no bytes, aborted' }));
    close();
  });

  it('answers a stream: false request still speaking at responseTimeoutMs with 503, and cuts a streamed one short', async () => {
    const tts = new ToneSpeech({ msPerCharacter: 20, chunkMs: 10, realTimeFactor: 1 });
    const { url, server } = await startServer({ tts, limits: { responseTimeoutMs: 300 } });
    const held = await post(url, { input: 'A long answer that takes a while to say. '.repeat(3), stream: false });
    expect(held.status).toBe(503);
    expect(await held.json()).toEqual({ error: { code: 'CANCELLED', message: 'the response took longer than 300 ms' } });
    const streamed = await post(url, { input: 'A long answer that takes a while to say. '.repeat(3), response_format: 'pcm' });
    expect(streamed.status).toBe(200);
    await expect(streamed.arrayBuffer()).rejects.toThrow();
    await vi.waitFor(() => expect(server.activeSessions).toBe(0), { timeout: 5_000 });
  });
});
