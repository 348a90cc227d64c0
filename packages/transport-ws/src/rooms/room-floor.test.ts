import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PcmFrame, ToneSpeech } from '@parley/core';
import { SERVER_WAIT, TestClient, startServer, stopServers, type Received } from '../testing/helpers.js';

afterEach(stopServers);

const SPEECH = '/v1/audio/speech/stream';
const FORMAT = { sampleRate: 24_000 };
const slowTone = () => new ToneSpeech({ msPerCharacter: 20, chunkMs: 10, realTimeFactor: 1 });

async function listen(wsUrl: string, room: string): Promise<TestClient> {
  const client = await TestClient.connect(`${wsUrl}/v1/rooms/${room}`);
  await client.next('room.joined');
  return client;
}

async function speaker(wsUrl: string, config: Record<string, unknown>, text?: string): Promise<TestClient> {
  const client = await TestClient.connect(wsUrl + SPEECH);
  client.send({ type: 'session.config', response_format: 'pcm', stream_audio: true, ...config });
  if (text !== undefined) client.send({ type: 'input.text', text });
  return client;
}

/** What came after the first `audio.cancelled`: must hold no frame and no `audio.done` of that sentence. */
function afterCancel(received: readonly Received[]): Received[] {
  const at = received.findIndex((r) => r.kind === 'json' && r.message.type === 'audio.cancelled');
  expect(at).toBeGreaterThanOrEqual(0);
  const rest = received.slice(at + 1);
  const nextStart = rest.findIndex((r) => r.kind === 'json' && r.message.type === 'audio.start');
  return nextStart === -1 ? rest : rest.slice(0, nextStart);
}

describe('one speaker per room', () => {
  it('refuses a second speaker while the first holds the room (error OVERLOADED, session.done, 4429), and listeners hear only the first', async () => {
    const { wsUrl } = await startServer({ tts: slowTone(), auth: { disabled: true } });
    const ear = await listen(wsUrl, 'stage');
    const first = await speaker(wsUrl, { room: 'stage' }, 'The first speaker has the floor for a while. Yes.');
    await ear.next('audio.start');
    const second = await speaker(wsUrl, { room: 'stage' }, 'The second one talks over it. ');
    expect((await second.closed).code).toBe(4429);
    expect(second.messages().map((m) => m.type)).toEqual(['error', 'session.done']);
    expect(second.messages('error')[0]).toMatchObject({ code: 'OVERLOADED', message: expect.stringMatching(/already has a speaker/) });
    first.send({ type: 'input.done' });
    await first.next('session.done');
    await ear.next('audio.done', 2);
    expect(ear.messages('audio.start').map((m) => m.sentence_text)).toEqual(['The first speaker has the floor for a while.', 'Yes.']);
    expect(Buffer.concat(ear.binaries()).equals(Buffer.concat(first.binaries()))).toBe(true);
  });

  it('frees the floor when its speaker leaves the room or disconnects', async () => {
    const { wsUrl, server } = await startServer({ auth: { disabled: true } });
    const first = await speaker(wsUrl, { room: 'stage' });
    await vi.waitFor(() => expect(server.rooms.room('stage').busy).toBe(true), { timeout: 5_000 });
    first.send({ type: 'session.config', room: 'stage' }); // the same room again: keeps its floor
    first.send({ type: 'session.config' }); // no room: gives it up
    await vi.waitFor(() => expect(server.rooms.room('stage').busy).toBe(false), { timeout: 5_000 });
    const second = await speaker(wsUrl, { room: 'stage' });
    await vi.waitFor(() => expect(server.rooms.room('stage').busy).toBe(true), { timeout: 5_000 });
    expect(first.messages('error')).toEqual([]);
    await second.close();
    await vi.waitFor(() => expect(server.rooms.room('stage').busy).toBe(false), { timeout: 5_000 });
    expect(server.rooms.roomNames).toEqual([]);
  });

  it("a configured session refused a busy room keeps its config, and its input.cancel does not cut the holder's sentence", async () => {
    const { wsUrl } = await startServer({ tts: slowTone(), auth: { disabled: true } });
    const ear = await listen(wsUrl, 'stage');
    const holder = await speaker(wsUrl, { room: 'stage' }, 'The holder is still talking about something. Yes.');
    await vi.waitFor(() => expect(ear.binaries().length).toBeGreaterThanOrEqual(2), SERVER_WAIT);
    const other = await speaker(wsUrl, {});
    other.send({ type: 'session.config', room: 'stage' });
    expect(await other.next('error')).toMatchObject({ code: 'OVERLOADED' });
    other.send({ type: 'input.text', text: 'To myself. ' });
    other.send({ type: 'input.cancel' });
    await other.next('audio.cancelled');
    holder.send({ type: 'input.done' });
    await holder.next('session.done');
    await ear.next('audio.done', 2);
    expect(ear.messages('audio.done').map((m) => m.error)).toEqual([false, false]);
    expect(ear.messages('audio.cancelled')).toEqual([]);
    expect(other.ws.readyState).toBe(other.ws.OPEN);
  });

  it('Room.speak refuses a busy room with OVERLOADED and speaks once it is free', async () => {
    const { server } = await startServer({ auth: { disabled: true } });
    const room = server.rooms.room('lobby');
    const holder = room.claim();
    expect(() => room.speak(new ToneSpeech(), 'Hello.')).toThrow(expect.objectContaining({ code: 'OVERLOADED' }));
    holder.release();
    room.speak(new ToneSpeech(), 'Hello.').unsubscribe();
    expect(room.busy).toBe(false);
  });
});

describe('nothing follows audio.cancelled', () => {
  it('a speech session cancelled mid-sentence: no frame or audio.done of it reaches the room afterwards', async () => {
    const { wsUrl } = await startServer({ tts: slowTone(), auth: { disabled: true } });
    const ear = await listen(wsUrl, 'stage');
    const talker = await speaker(wsUrl, { room: 'stage' }, 'Talking and talking until someone interrupts me. And');
    await vi.waitFor(() => expect(ear.binaries().length).toBeGreaterThanOrEqual(3), SERVER_WAIT);
    talker.send({ type: 'input.cancel' });
    await ear.next('audio.cancelled');
    talker.send({ type: 'input.text', text: 'Then something short. ' });
    talker.send({ type: 'input.done' });
    await ear.next('audio.done');
    expect(afterCancel(ear.received)).toEqual([]);
    expect(ear.messages('audio.start').map((m) => m.sentence_text)).toEqual([
      'Talking and talking until someone interrupts me.',
      'Then something short.',
    ]);
  });

  it('a speaker that keeps publishing the cancelled sentence reaches no listener', async () => {
    const { wsUrl, server } = await startServer({ auth: { disabled: true } });
    const ear = await listen(wsUrl, 'stage');
    const floor = server.rooms.room('stage').claim();
    const frame = new PcmFrame(new Int16Array(240), 24_000);
    floor.publish({ type: 'segment-start', index: 0, text: 'Cut.' }, FORMAT);
    floor.publish({ type: 'audio', index: 0, frame }, FORMAT);
    floor.cancel();
    floor.publish({ type: 'audio', index: 0, frame }, FORMAT);
    floor.publish({ type: 'segment-end', index: 0, samples: 480 }, FORMAT);
    floor.release();
    floor.publish({ type: 'segment-start', index: 1, text: 'After release.' }, FORMAT);
    await ear.next('audio.cancelled');
    await delay(50);
    expect(ear.received.map((r) => (r.kind === 'json' ? r.message.type : 'bin'))).toEqual([
      'room.joined',
      'audio.start',
      'bin',
      'audio.cancelled',
    ]);
  });
});
