import { isParleyError, type ParleyError } from '@parley/core';
import { AudioSource, LocalAudioTrack, Room, RoomEvent } from '@livekit/rtc-node';
import { TokenVerifier } from 'livekit-server-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { closedPort, refusingSignalServer, silentServer, type LoopbackServer } from '../testing/fake-signal-server.js';
import { nowMs } from '../testing/loopback.js';
import { LiveKitConnection, type ConnectOptions } from './livekit-connection.js';

const KEY = 'devkey';
const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const MINT = { apiKey: KEY, apiSecret: SECRET, identity: 'agent', room: 'lobby' };

const servers: LoopbackServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

/** Connects for real with rtc-node and returns the ParleyError it fails with, and how long it took. */
async function failure(options: ConnectOptions): Promise<{ error: ParleyError; ms: number }> {
  const start = nowMs();
  const error = await LiveKitConnection.connect(options).then(
    () => {
      throw new Error('connected: no LiveKit server should be reachable here');
    },
    (e: unknown) => e,
  );
  if (!isParleyError(error)) throw error;
  return { error, ms: nowMs() - start };
}

describe('LiveKitConnection.connect with rtc-node, failing for real', () => {
  it('fails fast and retryable when nothing listens on the port', async () => {
    const url = `ws://127.0.0.1:${await closedPort()}`;
    const { error, ms } = await failure({ url, ...MINT, attempts: 1 });
    expect(error).toMatchObject({ code: 'INTERNAL', retryable: true });
    expect(error.message).toMatch(new RegExp(`cannot reach LiveKit at ${url}: .*Connection refused`));
    expect(ms).toBeLessThan(3_000); // measured ~80–110 ms
  });

  it.each([
    [401, 'invalid token: token is expired'],
    [403, 'no permissions to access the room'],
  ])('is UNAUTHORIZED, not retryable, when the server answers %i', async (status, body) => {
    const server = await refusingSignalServer(status, body);
    servers.push(server);
    const { error } = await failure({ url: server.url, ...MINT });
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', retryable: false });
    expect(error.message).toContain(body);
  });

  it('sends the minted token, which verifies, to the server', async () => {
    const server = await refusingSignalServer(401, 'no');
    servers.push(server);
    await failure({ url: server.url, ...MINT });
    expect(server.requests[0]).toMatch(/^UPGRADE \/rtc/);
    const token = server.authorizations[0]!.replace(/^Bearer /, '');
    const claims = await new TokenVerifier(KEY, SECRET).verify(token);
    expect(claims).toMatchObject({ sub: 'agent', video: { room: 'lobby', roomJoin: true, canPublish: true } });
  });

  it('is INVALID_INPUT for a URL that is not a LiveKit server, or not a URL', async () => {
    const server = await refusingSignalServer(404, 'not found');
    servers.push(server);
    expect((await failure({ url: server.url, token: 't' })).error.code).toBe('INVALID_INPUT');
    expect((await failure({ url: 'not a url', token: 't' })).error.code).toBe('INVALID_INPUT');
  });

  /** The requests one join attempt makes against `status` (rtc-node itself retries some). */
  async function requestsPerAttempt(status: number): Promise<number> {
    const server = await refusingSignalServer(status, 'x');
    servers.push(server);
    await failure({ url: server.url, token: 't', attempts: 1 });
    return server.requests.length;
  }

  it('retries a 5xx a bounded number of times with growing waits, then fails retryable', async () => {
    const perAttempt = await requestsPerAttempt(503);
    const server = await refusingSignalServer(503, 'draining');
    servers.push(server);
    const { error, ms } = await failure({ url: server.url, token: 't', attempts: 3, retryDelayMs: 100 });
    expect(error).toMatchObject({ code: 'OVERLOADED', retryable: true }); // a 503 reads as OVERLOADED
    expect(server.requests).toHaveLength(3 * perAttempt);
    expect(ms).toBeGreaterThanOrEqual(100 + 200); // waits of 100 ms, then 200 ms
  });

  it('does not retry a rejected token', async () => {
    const perAttempt = await requestsPerAttempt(401);
    const server = await refusingSignalServer(401, 'invalid token');
    servers.push(server);
    expect((await failure({ url: server.url, token: 't', attempts: 3, retryDelayMs: 10 })).error.code).toBe('UNAUTHORIZED');
    expect(server.requests).toHaveLength(perAttempt);
  });

  it('retries a refused connection, then says it cannot reach the server', async () => {
    const url = `ws://127.0.0.1:${await closedPort()}`;
    const { error, ms } = await failure({ url, ...MINT, attempts: 2, retryDelayMs: 150 });
    expect(error).toMatchObject({ code: 'INTERNAL', retryable: true, message: expect.stringMatching(/Connection refused/) });
    expect(ms).toBeGreaterThanOrEqual(150);
  });

  it('gives up after timeoutMs when the server never answers', async () => {
    const server = await silentServer();
    servers.push(server);
    const { error, ms } = await failure({ url: server.url, token: 't', timeoutMs: 300, attempts: 1 });
    expect(error).toMatchObject({ code: 'INTERNAL', retryable: true });
    expect(error.message).toContain('timed out after 300 ms');
    expect(ms).toBeLessThan(1_500);
  });

  it('fails UNAUTHORIZED before any connection attempt when no token can be had', async () => {
    const server = await refusingSignalServer(500, 'should not be asked');
    servers.push(server);
    const { error } = await failure({ url: server.url, identity: 'agent', room: 'lobby', apiKey: '', apiSecret: '' });
    expect(error.code).toBe('UNAUTHORIZED');
    expect(server.requests).toEqual([]);
  });
});

describe('LiveKitConnection.wrap on a real, unconnected Room', () => {
  it('refuses to publish before the room is connected', async () => {
    const connection = LiveKitConnection.wrap(new Room());
    expect(connection.identity).toBe('');
    const source = new AudioSource(24_000, 1);
    const track = LocalAudioTrack.createAudioTrack('t', source);
    const error = await connection.publishAudio(track).catch((e: unknown) => e);
    expect(isParleyError(error) && error.code).toBe('INVALID_INPUT');
    await track.close(true);
  });

  it("listens on the real Room's events and lets go of them when unsubscribed", async () => {
    const room = new Room();
    const events = [
      RoomEvent.TrackSubscribed,
      RoomEvent.TrackUnsubscribed,
      RoomEvent.TrackUnpublished,
      RoomEvent.ParticipantDisconnected,
      RoomEvent.Disconnected,
    ];
    const count = () => events.reduce((sum, event) => sum + room.listenerCount(event), 0);
    const before = count();
    const subscription = LiveKitConnection.wrap(room).remoteAudio('caller').subscribe();
    expect(count()).toBe(before + 5);
    subscription.unsubscribe();
    expect(count()).toBe(before);
  });

  it('disconnects once, harmlessly when never connected', async () => {
    const connection = LiveKitConnection.wrap(new Room());
    await connection.disconnect();
    await connection.disconnect();
  });
});
