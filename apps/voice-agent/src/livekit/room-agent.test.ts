import { EventEmitter } from 'node:events';
import type { LocalAudioTrack } from '@livekit/rtc-node';
import { TrackKind, TrackSource } from '@livekit/rtc-node';
import { ToneSpeech, type PcmFrame } from '@parley/core';
import type { MicrophoneRoom } from './first-microphone.js';
import type { PublishedTrack, RoomConnection } from '@parley/transport-livekit';
import { firstValueFrom, NEVER, of, Subject, type Observable } from 'rxjs';
import { expect, test } from 'vitest';
import { LocalResponder } from '../llm/local-responder.js';
import { NoSpeechToText } from '../stt/no-speech-to-text.js';
import { firstMicrophone } from './first-microphone.js';
import { RoomAgent } from './room-agent.js';

/** A RoomConnection without a server: records what is published and hands out mic Subjects. */
class FakeConnection implements RoomConnection {
  readonly identity = 'parley-agent';
  readonly published: { track: LocalAudioTrack; unpublished: boolean }[] = [];
  readonly mics = new Map<string, Subject<PcmFrame>>();
  disconnects = 0;
  async publishAudio(track: LocalAudioTrack): Promise<PublishedTrack> {
    const entry = { track, unpublished: false };
    this.published.push(entry);
    return { sid: 'TR_0', unpublish: async () => void (entry.unpublished = true) };
  }
  remoteAudio(identity: string): Observable<PcmFrame> {
    const mic = new Subject<PcmFrame>();
    this.mics.set(identity, mic);
    return mic;
  }
  async disconnect(): Promise<void> {
    this.disconnects++;
  }
}

test('RoomAgent publishes its speech track, listens to the participant, waits for the next when they leave, and close() leaves the room', async () => {
  const connection = new FakeConnection();
  const lines: string[] = [];
  const picks = [of('caller-1'), NEVER];
  let asked = 0;
  const agent = await RoomAgent.start(connection, () => picks[Math.min(asked++, 1)]!, {
    stt: new NoSpeechToText(),
    llm: new LocalResponder(),
    tts: new ToneSpeech(),
    log: (line) => lines.push(line),
  });
  expect(connection.published).toHaveLength(1);
  expect(connection.published[0]!.track).toBe(agent.publisher.speaker.track);
  expect(lines).toContain('listening to caller-1');
  expect(connection.mics.get('caller-1')!.observed).toBe(true);

  connection.mics.get('caller-1')!.complete();
  expect(lines).toContain('caller-1 stopped sending audio');
  expect(asked).toBe(2); // waiting for the next participant

  await agent.close();
  await agent.close();
  expect(connection.published[0]!.unpublished).toBe(true);
  expect(connection.disconnects).toBe(1);
});

/** The part of rtc-node's Room that picking a participant reads. */
class FakeRoom extends EventEmitter {
  readonly remoteParticipants = new Map<string, { identity: string; trackPublications: Map<string, object> }>();
  get asRoom(): MicrophoneRoom {
    return this as unknown as MicrophoneRoom;
  }
}
const mic = { kind: TrackKind.KIND_AUDIO, source: TrackSource.SOURCE_MICROPHONE };
const screenAudio = { kind: TrackKind.KIND_AUDIO, source: TrackSource.SOURCE_SCREENSHARE_AUDIO };

test('firstMicrophone picks a participant already publishing a microphone', async () => {
  const room = new FakeRoom();
  room.remoteParticipants.set('viewer', { identity: 'viewer', trackPublications: new Map([['a', screenAudio]]) });
  room.remoteParticipants.set('caller', { identity: 'caller', trackPublications: new Map([['b', mic]]) });
  expect(await firstValueFrom(firstMicrophone(room.asRoom))).toBe('caller');
  expect(room.listenerCount('trackPublished')).toBe(0);
});

test('firstMicrophone waits for the next microphone (of the named participant) and removes its listener', async () => {
  const room = new FakeRoom();
  const picked = firstValueFrom(firstMicrophone(room.asRoom, 'caller-2'));
  room.emit('trackPublished', screenAudio, { identity: 'caller-2' });
  room.emit('trackPublished', mic, { identity: 'caller-1' });
  room.emit('trackPublished', mic, { identity: 'caller-2' });
  expect(await picked).toBe('caller-2');
  expect(room.listenerCount('trackPublished')).toBe(0);
});
