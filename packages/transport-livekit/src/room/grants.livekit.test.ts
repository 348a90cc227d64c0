import { LocalAudioTrack, AudioSource, Room, TrackPublishOptions, TrackSource } from '@livekit/rtc-node';
import { mintToken } from '@parley/core/tokens';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveKitServer, type LiveKitServer } from '../../../../scripts/livekit-server.mjs';
import { LiveKitConnection } from './livekit-connection.js';

let server: LiveKitServer;
beforeAll(async () => {
  server = await startLiveKitServer();
});
afterAll(async () => {
  await server?.stop();
});

const credentials = () => ({ apiKey: server.apiKey, apiSecret: server.apiSecret });

/** Joins with `token` and tries to publish a microphone track; resolves to what happened. */
async function joinAndPublish(token: string): Promise<'published' | string> {
  const room = new Room();
  try {
    await room.connect(server.url, token, { autoSubscribe: false, dynacast: false });
  } catch (error) {
    return `join refused: ${(error as Error).message}`;
  }
  try {
    const source = new AudioSource(24_000, 1);
    const track = LocalAudioTrack.createAudioTrack('mic', source);
    const options = new TrackPublishOptions();
    options.source = TrackSource.SOURCE_MICROPHONE;
    await room.localParticipant!.publishTrack(track, options);
    return 'published';
  } catch (error) {
    return `publish refused: ${(error as Error).message}`;
  } finally {
    await room.disconnect();
  }
}

describe("a real LiveKit server enforces the grants of parley's tokens", () => {
  it('a token with the publish grant joins and publishes', async () => {
    expect(await joinAndPublish(await mintToken({ ...credentials(), identity: 'speaker', room: 'grants', publish: true }))).toBe(
      'published',
    );
  });

  it('a listener token (no canPublish, the default) joins but cannot publish', async () => {
    expect(await joinAndPublish(await mintToken({ ...credentials(), identity: 'listener', room: 'grants' }))).toMatch(/^publish refused/);
  });

  it('a token for another room cannot join this one, and an expired token cannot join at all', async () => {
    const elsewhere = await mintToken({ ...credentials(), identity: 'visitor', room: 'elsewhere', publish: true });
    const room = new Room();
    await room.connect(server.url, elsewhere, { autoSubscribe: false, dynacast: false });
    expect(room.name).toBe('elsewhere'); // the token, not the caller, chooses the room
    await room.disconnect();
    // The server allows a minute of clock skew on expiry, so the token expired two minutes ago.
    const expired = await mintToken({ ...credentials(), identity: 'late', room: 'grants', publish: true, ttl: -120 });
    expect(await joinAndPublish(expired)).toMatch(/^join refused: .*(401|unauthorized|expired)/i);
  });

  it("parley's own join (LiveKitConnection) is refused with UNAUTHORIZED for a token signed with another secret", async () => {
    const forged = await mintToken({ apiKey: server.apiKey, apiSecret: 'x'.repeat(40), identity: 'forger', room: 'grants', publish: true });
    await expect(LiveKitConnection.connect({ url: server.url, token: forged, attempts: 1 })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});
