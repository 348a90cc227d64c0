import { afterEach, describe, expect, it } from 'vitest';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { createSpeechServer, mintToken, resolveCredentials } from '../index.js';
import { CREDENTIALS, TestClient, fastTone, startServer, stopServers, token } from '../../test/helpers.js';

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

  it('reads credentials from LIVEKIT_API_KEY and LIVEKIT_API_SECRET', () => {
    expect(resolveCredentials({}, { LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' })).toEqual({ apiKey: 'k', apiSecret: 's' });
    expect(resolveCredentials({ apiKey: 'a', apiSecret: 'b' }, { LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' })).toEqual({ apiKey: 'a', apiSecret: 'b' });
  });

  it('mintToken writes LiveKit grants: a listener by default, a publisher with publish', async () => {
    const verifier = new TokenVerifier(CREDENTIALS.apiKey, CREDENTIALS.apiSecret);
    const listener = await verifier.verify(await token({ room: 'lobby' }));
    expect(listener.sub).toBe('tester');
    expect(listener.video).toMatchObject({ room: 'lobby', roomJoin: true, canSubscribe: true, canPublish: false });
    const publisher = await verifier.verify(await token({ room: 'lobby', publish: true }));
    expect(publisher.video).toMatchObject({ canPublish: true });
    const bare = await verifier.verify(await token());
    expect(bare.video?.roomJoin).toBeFalsy();
  });
});
