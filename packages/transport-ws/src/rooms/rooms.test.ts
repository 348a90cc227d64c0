import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PcmFrame, ToneSpeech } from '@parley/core';
import { SERVER_WAIT, TestClient, startServer, stopServers, token } from '../testing/helpers.js';

afterEach(stopServers);

const FORMAT = { sampleRate: 24_000 };

async function listen(wsUrl: string, room: string, bearer?: string): Promise<TestClient> {
  const client = await TestClient.connect(`${wsUrl}/v1/rooms/${room}`, bearer);
  await client.next('room.joined');
  return client;
}

function concatBinaries(client: TestClient): Buffer {
  return Buffer.concat(client.binaries());
}

describe('WS /v1/rooms/:room', () => {
  it('two listeners receive what a speech session publishes into the room', async () => {
    const { wsUrl } = await startServer();
    const a = await listen(wsUrl, 'stage', await token({ room: 'stage' }));
    const b = await listen(wsUrl, 'stage', await token({ room: 'stage', identity: 'b' }));
    const speaker = await TestClient.connect(`${wsUrl}/v1/audio/speech/stream`, await token({ room: 'stage', publish: true }));
    speaker.send({ type: 'session.config', room: 'stage', response_format: 'pcm', stream_audio: true });
    speaker.send({ type: 'input.text', text: 'Hello room. Second sentence.' });
    speaker.send({ type: 'input.done' });
    await speaker.next('session.done');
    for (const listener of [a, b]) {
      await listener.next('audio.done', 2);
      expect(concatBinaries(listener).equals(concatBinaries(speaker))).toBe(true);
      expect(listener.messages('audio.start')).toEqual([
        { type: 'audio.start', sentence_index: 0, sentence_text: 'Hello room.', format: 'pcm', sample_rate: 24_000, channels: 1 },
        { type: 'audio.start', sentence_index: 1, sentence_text: 'Second sentence.', format: 'pcm', sample_rate: 24_000, channels: 1 },
      ]);
      expect(listener.messages('audio.done').map((m) => m.total_bytes)).toEqual(speaker.messages('audio.done').map((m) => m.total_bytes));
    }
  });

  it('a late joiner starts at the live edge: told the sentence in progress, then only new frames', async () => {
    const tts = new ToneSpeech({ msPerCharacter: 10, chunkMs: 10, realTimeFactor: 1 });
    const { wsUrl } = await startServer({ tts, auth: { disabled: true } });
    const early = await listen(wsUrl, 'stage');
    const speaker = await TestClient.connect(`${wsUrl}/v1/audio/speech/stream`);
    speaker.send({ type: 'session.config', room: 'stage', response_format: 'pcm', stream_audio: true });
    speaker.send({ type: 'input.text', text: 'This sentence is long enough to join in the middle of it.' });
    speaker.send({ type: 'input.done' });
    await vi.waitFor(() => expect(early.binaries().length).toBeGreaterThanOrEqual(5), SERVER_WAIT);
    const late = await TestClient.connect(`${wsUrl}/v1/rooms/stage`);
    const joined = await late.next('room.joined');
    expect(joined).toMatchObject({
      room: 'stage',
      sentence: { sentence_index: 0, sentence_text: expect.stringMatching(/^This sentence/), sample_rate: 24_000 },
    });
    await late.next('audio.done');
    await early.next('audio.done');
    expect(late.messages('audio.start')).toEqual([]);
    const whole = concatBinaries(early);
    const tail = concatBinaries(late);
    expect(tail.byteLength).toBeGreaterThan(0);
    expect(tail.byteLength).toBeLessThan(whole.byteLength);
    expect(whole.subarray(whole.byteLength - tail.byteLength).equals(tail)).toBe(true);
  });

  it('refuses a listener whose token lacks canSubscribe, or is for another room, with 4403', async () => {
    const { wsUrl } = await startServer();
    for (const bearer of [await token({ room: 'stage', subscribe: false }), await token({ room: 'other' }), await token()]) {
      const client = await TestClient.connect(`${wsUrl}/v1/rooms/stage`, bearer);
      expect((await client.closed).code).toBe(4403);
      expect(client.messages('error')[0]).toMatchObject({ code: 'UNAUTHORIZED' });
    }
  });

  it('refuses a later config naming a room the token may not publish into, and the session stays usable', async () => {
    const { wsUrl } = await startServer();
    const client = await TestClient.connect(`${wsUrl}/v1/audio/speech/stream`, await token({ room: 'stage', publish: true }));
    client.send({ type: 'session.config' });
    client.send({ type: 'session.config', room: 'elsewhere' });
    expect(await client.next('error')).toMatchObject({ code: 'UNAUTHORIZED' });
    client.send({ type: 'input.text', text: 'Not in the room.' });
    client.send({ type: 'input.done' });
    expect(await client.next('session.done')).toMatchObject({ total_sentences: 1 });
  });

  it('rejects an invalid room name with 400 at the upgrade', async () => {
    const { wsUrl } = await startServer({ auth: { disabled: true } });
    await expect(TestClient.connect(`${wsUrl}/v1/rooms/bad%20name`)).rejects.toThrow(/400/);
  });

  it('in-process Room.speak reaches listeners, and unsubscribing sends audio.cancelled', async () => {
    const tts = new ToneSpeech({ msPerCharacter: 20, chunkMs: 10, realTimeFactor: 1 });
    const { wsUrl, server } = await startServer({ tts, auth: { disabled: true } });
    const listener = await listen(wsUrl, 'lobby');
    const speaking = server.rooms.room('lobby').speak(tts, 'An agent speaking into the lobby for a while.');
    await vi.waitFor(() => expect(listener.binaries().length).toBeGreaterThanOrEqual(2), SERVER_WAIT);
    speaking.unsubscribe();
    expect(await listener.next('audio.cancelled')).toEqual({ type: 'audio.cancelled', sentence_index: 0 });
    const generated = tts.chunksGenerated;
    await delay(100);
    expect(tts.chunksGenerated).toBe(generated);
    expect(server.rooms.roomNames).toEqual(['lobby']);
    await listener.close();
    await vi.waitFor(() => expect(server.rooms.roomNames.length).toBe(0), { timeout: 5_000 });
  });

  it('a speech session cancelled mid-sentence sends audio.cancelled to the room', async () => {
    const tts = new ToneSpeech({ msPerCharacter: 20, chunkMs: 10, realTimeFactor: 1 });
    const { wsUrl } = await startServer({ tts, auth: { disabled: true } });
    const listener = await listen(wsUrl, 'stage');
    const speaker = await TestClient.connect(`${wsUrl}/v1/audio/speech/stream`);
    speaker.send({ type: 'session.config', room: 'stage', response_format: 'pcm', stream_audio: true });
    speaker.send({ type: 'input.text', text: 'Talking and talking until someone interrupts me.' });
    speaker.send({ type: 'input.done' });
    await vi.waitFor(() => expect(listener.binaries().length).toBeGreaterThanOrEqual(2), SERVER_WAIT);
    speaker.send({ type: 'input.cancel' });
    expect(await listener.next('audio.cancelled')).toEqual({ type: 'audio.cancelled', sentence_index: 0 });
  });

  it('drops frames for a slow listener and disconnects it, its send buffer staying under the bound, while others get every frame', async () => {
    const limits = { listenerHighWaterBytes: 256 * 1024, listenerMaxBufferedBytes: 1024 * 1024, slowListenerTimeoutMs: 300 };
    const { wsUrl, server, logger } = await startServer({ auth: { disabled: true }, limits });
    const fast = await listen(wsUrl, 'stage');
    const slow = await listen(wsUrl, 'stage');
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const room = server.rooms.room('stage').claim();
    const frame = new PcmFrame(new Int16Array(24_000).fill(1_000), 24_000); // 1 s, 48 kB
    const frames = 400; // 19 MB: more than loopback socket buffers absorb
    let maxQueued = 0;
    room.publish({ type: 'segment-start', index: 0, text: 'flood' }, FORMAT);
    for (let i = 0; i < frames; i++) {
      room.publish({ type: 'audio', index: 0, frame }, FORMAT);
      for (const listener of server.rooms.channel('stage')!.listeners) maxQueued = Math.max(maxQueued, listener.ws.bufferedAmount);
      await delay(1);
    }
    room.publish({ type: 'segment-end', index: 0, samples: frames * 24_000 }, FORMAT);
    await fast.next('audio.done');
    expect(fast.binaries()).toHaveLength(frames);
    expect(server.rooms.channel('stage')!.listeners.size).toBe(1);
    expect(maxQueued).toBeLessThanOrEqual(limits.listenerMaxBufferedBytes + 48_000);
    expect(logger.lines).toContainEqual(expect.objectContaining({ message: 'room listener disconnected' }));
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await slow.closed).code).toBe(1006);
    expect(slow.binaries().length).toBeLessThan(frames);
  });

  it('tells a listener that caught up how many frames it missed', async () => {
    const limits = { listenerHighWaterBytes: 64 * 1024, listenerMaxBufferedBytes: 64 * 1024 * 1024, slowListenerTimeoutMs: 60_000 };
    const { wsUrl, server } = await startServer({ auth: { disabled: true }, limits });
    const slow = await listen(wsUrl, 'stage');
    const socket = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    const room = server.rooms.room('stage').claim();
    const frame = new PcmFrame(new Int16Array(24_000), 24_000);
    room.publish({ type: 'segment-start', index: 0, text: 'x' }, FORMAT);
    const listener = [...server.rooms.channel('stage')!.listeners][0]!;
    for (let i = 0; i < 1_000 && listener.dropped === 0; i++) {
      room.publish({ type: 'audio', index: 0, frame }, FORMAT);
      await delay(1);
    }
    expect(listener.dropped).toBeGreaterThan(0);
    socket.resume();
    await vi.waitFor(() => expect(listener.ws.bufferedAmount).toBe(0), { timeout: 5_000 });
    room.publish({ type: 'audio', index: 0, frame }, FORMAT);
    expect(await slow.next('room.frames_dropped')).toMatchObject({ frames: expect.any(Number) });
  });
});
