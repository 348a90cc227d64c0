import { ParleyError, ToneSpeech, isParleyError } from '@parley/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeConnection, watchClose } from './testing/fake-connection.js';
import { closedPort, refusingSignalServer, type LoopbackServer } from './testing/fake-signal-server.js';
import { AUDIO_WAIT, listenLoopback } from './testing/loopback.js';
import { publishSpeech } from './publish-speech.js';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function rejection(promise: Promise<unknown>): Promise<ParleyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isParleyError(error)) throw new Error(`expected a ParleyError, got ${String(error)}`);
  return error;
}

describe('publishSpeech', () => {
  it('publishes its track on the connection and speaks into it; close() unpublishes and keeps the connection', async () => {
    const connection = new FakeConnection();
    const publisher = await publishSpeech({ connection, trackName: 'agent-voice', sampleRate: 48_000 });
    expect(connection.published).toHaveLength(1);
    expect(connection.published[0]!.track).toBe(publisher.speaker.track);
    expect(publisher.sid).toBe('TR_0');
    expect(publisher.speaker).toMatchObject({ trackName: 'agent-voice', sampleRate: 48_000 });

    const listener = listenLoopback(publisher.speaker.track, 48_000);
    const playback = publisher.speak(new ToneSpeech({ msPerCharacter: 60, realTimeFactor: 0.1 }).synthesize('Hello there, how are you?'));
    await vi.waitFor(() => expect(listener.loudSamples()).toBeGreaterThan(48 * 300), AUDIO_WAIT);
    const trackClosed = watchClose(publisher.speaker.track);
    await listener.stop();
    await publisher.close();
    expect(playback.state).toBe('cancelled');
    expect(connection.published[0]!.unpublished).toBe(true);
    expect(trackClosed()).toBe(true);
    expect(connection.disconnects).toBe(0);
    await publisher.close(); // idempotent
  });

  it('needs exactly one of connection and connect', async () => {
    expect((await rejection(publishSpeech({}))).code).toBe('INVALID_INPUT');
    const both = publishSpeech({ connection: new FakeConnection(), connect: { url: 'ws://x', token: 't' } });
    expect((await rejection(both)).code).toBe('INVALID_INPUT');
  });

  it('refuses a bad track option before connecting', async () => {
    const server = await refusingSignalServer(500, 'should not be asked');
    servers.push(server);
    const error = await rejection(publishSpeech({ connect: { url: server.url, token: 't' }, sampleRate: -1 }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(server.requests).toEqual([]);
  });

  // No wall-clock bound here (the machines are shared): the test's own timeout says it did not hang.
  it('fails, retryable, when the LiveKit server cannot be reached (real rtc-node)', { timeout: 15_000 }, async () => {
    const url = `ws://127.0.0.1:${await closedPort()}`;
    const error = await rejection(publishSpeech({ connect: { url, token: 't' } }));
    expect(error).toMatchObject({ code: 'INTERNAL', retryable: true });
  });

  it('is UNAUTHORIZED when the server rejects the token (real rtc-node)', async () => {
    const server = await refusingSignalServer(401, 'invalid token: signature is invalid');
    servers.push(server);
    const error = await rejection(publishSpeech({ connect: { url: server.url, token: 'forged' } }));
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', retryable: false });
    expect(error.message).toContain('signature is invalid');
  });

  it('closes the track it made when publishing fails, and leaves a given connection open', async () => {
    const connection = new FakeConnection();
    connection.refusePublish = new ParleyError('UNAUTHORIZED', 'no canPublish grant');
    let trackClosed: (() => boolean) | undefined;
    const publish = connection.publishAudio.bind(connection);
    connection.publishAudio = (track) => {
      trackClosed = watchClose(track);
      return publish(track);
    };
    const error = await rejection(publishSpeech({ connection }));
    expect(error.message).toBe('no canPublish grant');
    expect(trackClosed!()).toBe(true);
    expect(connection.disconnects).toBe(0);
  });
});
