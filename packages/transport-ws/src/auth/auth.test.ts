import { afterEach, describe, expect, it, vi } from 'vitest';
import { AccessToken } from 'livekit-server-sdk';
import { mintToken } from '@parley/core/tokens';
import { createSpeechServer } from '../index.js';
import { ToneSpeech } from '@parley/core';
import { CREDENTIALS, TestClient, fastTone, startServer, stopServers, token } from '../testing/helpers.js';

afterEach(stopServers);

const speech = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"input":"Hi."}' });

describe('auth', () => {
  it('answers REST without a token with 401 and an UNAUTHORIZED JSON error', async () => {
    const { url } = await startServer();
    const res = await speech(url);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
  });

  it('answers REST with a token signed by another secret with 401', async () => {
    const { url } = await startServer();
    const forged = await mintToken({ identity: 'eve', apiKey: CREDENTIALS.apiKey, apiSecret: 'another-secret-another-secret-!!' });
    expect((await speech(url, { authorization: `Bearer ${forged}` })).status).toBe(401);
  });

  it('answers REST with an expired token with 401', async () => {
    const { url } = await startServer();
    const expired = new AccessToken(CREDENTIALS.apiKey, CREDENTIALS.apiSecret, { identity: 'old', ttl: -60 });
    expect((await speech(url, { authorization: `Bearer ${await expired.toJwt()}` })).status).toBe(401);
  });

  it('accepts a valid token as Bearer header or access_token query parameter', async () => {
    const { url } = await startServer();
    expect((await speech(url, { authorization: `Bearer ${await token()}` })).status).toBe(200);
    const res = await fetch(`${url}/v1/audio/speech?access_token=${await token()}`, { method: 'POST', body: '{"input":"Hi."}' });
    expect(res.status).toBe(200);
  });

  it('closes a WebSocket without a valid token with an UNAUTHORIZED error and 4401', async () => {
    const { wsUrl } = await startServer();
    for (const bad of [undefined, 'not.a.jwt']) {
      const client = await TestClient.connect(`${wsUrl}/v1/audio/speech/stream`, bad);
      expect((await client.closed).code).toBe(4401);
      expect(client.messages('error')).toEqual([{ type: 'error', code: 'UNAUTHORIZED', message: expect.any(String) }]);
    }
  });

  it('refuses speech to a listen-only room token: 403 over REST, error, session.done and 4403 over WebSocket', async () => {
    const { url, wsUrl } = await startServer();
    const listener = await token({ room: 'lobby' });
    const res = await speech(url, { authorization: `Bearer ${listener}` });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringMatching(/canPublish/),
    });
    const client = await TestClient.connect(`${wsUrl}/v1/audio/speech/stream`, listener);
    expect((await client.closed).code).toBe(4403);
    expect(client.messages().map((m) => m.type)).toEqual(['error', 'session.done']);
  });

  it('lets a token with canPublish, or with no room grant at all, speak', async () => {
    const { url } = await startServer();
    for (const bearer of [await token({ room: 'lobby', publish: true }), await token()]) {
      expect((await speech(url, { authorization: `Bearer ${bearer}` })).status).toBe(200);
    }
  });

  it('ends a speech session when its token expires: error, audio.done {error: true}, session.done, close 4401', async () => {
    const tts = new ToneSpeech({ msPerCharacter: 30, chunkMs: 10, realTimeFactor: 1 });
    const { wsUrl } = await startServer({ tts });
    // Expired 8 s ago: still inside the 10 s of clock tolerance, so valid for about 2 s more.
    const shortLived = await mintToken({ identity: 'brief', ...CREDENTIALS, ttl: -8 });
    const client = await TestClient.connect(`${wsUrl}/v1/audio/speech/stream`, shortLived);
    client.send({ type: 'session.config', response_format: 'pcm', stream_audio: true });
    client.send({ type: 'input.text', text: 'A sentence that goes on and on. '.repeat(20) });
    const started = Date.now();
    const closed = await client.closed;
    expect(closed.code).toBe(4401);
    expect(Date.now() - started).toBeLessThan(10_000);
    const types = client.messages().map((m) => m.type);
    expect(types.slice(types.indexOf('error'))).toEqual(['error', 'audio.done', 'session.done']);
    expect(client.messages('error')[0]).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/expired/) });
  }, 30_000);

  it('aborts a REST response still streaming when its token expires', async () => {
    const tts = new ToneSpeech({ msPerCharacter: 30, chunkMs: 10, realTimeFactor: 1 });
    const { url, server } = await startServer({ tts });
    const shortLived = await mintToken({ identity: 'brief', ...CREDENTIALS, ttl: -8 });
    const res = await fetch(`${url}/v1/audio/speech`, {
      method: 'POST',
      headers: { authorization: `Bearer ${shortLived}` },
      body: JSON.stringify({ input: 'A long answer. '.repeat(40), response_format: 'pcm' }),
    });
    expect(res.status).toBe(200);
    await expect(res.arrayBuffer()).rejects.toThrow();
    await vi.waitFor(() => expect(server.activeSessions).toBe(0), { timeout: 5_000 });
  }, 30_000);

  it('ends a room listener when its token expires, with 4401', async () => {
    const { wsUrl } = await startServer();
    const shortLived = await mintToken({ identity: 'brief', room: 'lobby', ...CREDENTIALS, ttl: -8 });
    const listener = await TestClient.connect(`${wsUrl}/v1/rooms/lobby`, shortLived);
    expect((await listener.closed).code).toBe(4401);
    expect(listener.messages('error')[0]).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/expired/) });
  }, 30_000);

  it('lets everyone in when auth is explicitly disabled, and warns at start', async () => {
    const { url, wsUrl, logger } = await startServer({ auth: { disabled: true } });
    expect((await speech(url)).status).toBe(200);
    const client = await TestClient.connect(`${wsUrl}/v1/audio/speech/stream`);
    client.send({ type: 'session.config', room: 'anywhere' });
    client.send({ type: 'input.text', text: 'Hi.' });
    client.send({ type: 'input.done' });
    await client.next('session.done');
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringMatching(/auth is DISABLED/) }));
  });

  it('refuses to create a server with auth on but no credentials', () => {
    const env = { ...process.env };
    delete process.env.LIVEKIT_API_KEY;
    delete process.env.LIVEKIT_API_SECRET;
    try {
      expect(() => createSpeechServer({ tts: fastTone(), auth: {} })).toThrow(/auth: \{ disabled: true \}/);
    } finally {
      process.env = env;
    }
  });
});
