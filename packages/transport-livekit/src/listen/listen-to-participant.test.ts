import { setTimeout as delay } from 'node:timers/promises';
import { TrackKind, TrackSource } from '@livekit/rtc-node';
import type { PcmFrame } from '@parley/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeRoom, realMicrophone } from '../testing/fake-room.js';
import { AUDIO_WAIT } from '../testing/loopback.js';
import { listenToParticipant } from './listen-to-participant.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function microphone(sid: string, source?: TrackSource) {
  const mic = realMicrophone(sid, source);
  cleanups.push(mic.close);
  return mic;
}

/** Subscribes to `listenToParticipant` and records what happens. */
function listen(room: FakeRoom, identity: string, anySource = false) {
  const frames: PcmFrame[] = [];
  let completed = false;
  const subscription = listenToParticipant(room.asRoom, identity, { anySource }).subscribe({
    next: (frame) => frames.push(frame),
    complete: () => (completed = true),
  });
  return { frames, completed: () => completed, subscription };
}

describe('listenToParticipant (room events faked, tracks and audio real)', () => {
  it('listens to a microphone that was subscribed before it was asked', async () => {
    const room = new FakeRoom();
    const mic = microphone('TR_mic');
    room.subscribe(room.join('caller'), mic.publication);
    const heard = listen(room, 'caller');
    await mic.speak(200, 8000);
    await vi.waitFor(() => expect(heard.frames.some((f) => f.data[80] === 8000)).toBe(true), AUDIO_WAIT);
    expect(heard.frames[0]).toMatchObject({ sampleRate: 16_000, channels: 1 });
    heard.subscription.unsubscribe();
  });

  it('waits for the participant to join and its microphone to be subscribed', async () => {
    const room = new FakeRoom();
    const heard = listen(room, 'caller');
    await delay(50);
    expect(heard.frames).toHaveLength(0);
    const mic = microphone('TR_mic');
    room.subscribe(room.join('caller'), mic.publication);
    await vi.waitFor(() => expect(heard.frames.length).toBeGreaterThan(3), AUDIO_WAIT);
    heard.subscription.unsubscribe();
  });

  it('ignores other participants, video and non-microphone audio', async () => {
    const room = new FakeRoom();
    const heard = listen(room, 'caller');
    room.subscribe(room.join('someone-else'), microphone('TR_other').publication);
    const caller = room.join('caller');
    room.subscribe(caller, microphone('TR_screen', TrackSource.SOURCE_SCREENSHARE_AUDIO).publication);
    const video = { ...microphone('TR_video').publication, kind: TrackKind.KIND_VIDEO };
    room.subscribe(caller, video);
    await delay(100);
    expect(heard.frames).toHaveLength(0);
    heard.subscription.unsubscribe();
  });

  it('takes any audio track with anySource', async () => {
    const room = new FakeRoom();
    const heard = listen(room, 'caller', true);
    room.subscribe(room.join('caller'), microphone('TR_screen', TrackSource.SOURCE_SCREENSHARE_AUDIO).publication);
    await vi.waitFor(() => expect(heard.frames.length).toBeGreaterThan(3), AUDIO_WAIT);
    heard.subscription.unsubscribe();
  });

  it.each([
    ['its track is unpublished', (room: FakeRoom, p: object, pub: object) => room.emit('trackUnpublished', pub, p)],
    ['its track is unsubscribed', (room: FakeRoom, p: object, pub: object) => room.emit('trackUnsubscribed', {}, pub, p)],
    ['the participant leaves', (room: FakeRoom, p: object) => room.emit('participantDisconnected', p)],
    ['the room disconnects', (room: FakeRoom) => room.emit('disconnected', 0)],
  ])('completes, and lets go of the room, when %s', async (_, end) => {
    const room = new FakeRoom();
    const mic = microphone('TR_mic');
    const caller = room.join('caller');
    room.subscribe(caller, mic.publication);
    const heard = listen(room, 'caller');
    await vi.waitFor(() => expect(heard.frames).not.toHaveLength(0), AUDIO_WAIT);
    end(room, caller, mic.publication);
    expect(heard.completed()).toBe(true);
    expect(room.listenersLeft()).toBe(0);
    const atEnd = heard.frames.length;
    await delay(100);
    expect(heard.frames.length).toBe(atEnd);
  });

  it('does not complete when another track or participant goes', async () => {
    const room = new FakeRoom();
    const mic = microphone('TR_mic');
    const caller = room.join('caller');
    room.subscribe(caller, mic.publication);
    const other = room.join('other');
    const heard = listen(room, 'caller');
    room.emit('trackUnpublished', { sid: 'TR_elsewhere' }, other);
    room.emit('participantDisconnected', other);
    await delay(50);
    expect(heard.completed()).toBe(false);
    heard.subscription.unsubscribe();
  });

  it('unsubscribing removes its room listeners and stops the frames', async () => {
    const room = new FakeRoom();
    const mic = microphone('TR_mic');
    room.subscribe(room.join('caller'), mic.publication);
    const heard = listen(room, 'caller');
    await vi.waitFor(() => expect(heard.frames.length).toBeGreaterThan(2), AUDIO_WAIT);
    heard.subscription.unsubscribe();
    expect(room.listenersLeft()).toBe(0);
    await delay(20);
    const atStop = heard.frames.length;
    await delay(100);
    expect(heard.frames.length).toBe(atStop);
  });
});
