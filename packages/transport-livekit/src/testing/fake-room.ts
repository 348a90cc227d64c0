/**
 * Test helpers: a stand-in for rtc-node's `Room` events (which need a LiveKit server), carrying
 * REAL tracks. A "remote" microphone here is a real AudioSource and LocalAudioTrack; an
 * AudioStream reads a local track exactly as it reads a remote one, so everything past the
 * room events runs for real.
 */
import { EventEmitter } from 'node:events';
import { AudioSource, LocalAudioTrack, TrackKind, TrackSource } from '@livekit/rtc-node';
import type { ParticipantRoom } from '../listen/listen-to-participant.js';
import { constantAudioFrame } from './loopback.js';

/** The fields of a RemoteTrackPublication that listening reads. */
export interface FakePublication {
  sid: string;
  kind: TrackKind;
  source: TrackSource;
  track?: LocalAudioTrack;
  subscribed: boolean;
}

/** The fields of a RemoteParticipant that listening reads. */
export interface FakeParticipant {
  identity: string;
  trackPublications: Map<string, FakePublication>;
}

/** An EventEmitter shaped like the part of a Room that `listenToParticipant` uses. */
export class FakeRoom extends EventEmitter {
  readonly remoteParticipants = new Map<string, FakeParticipant>();

  /** This fake, typed as the room `listenToParticipant` takes. */
  get asRoom(): ParticipantRoom {
    return this as unknown as ParticipantRoom;
  }

  join(identity: string): FakeParticipant {
    const participant = { identity, trackPublications: new Map<string, FakePublication>() };
    this.remoteParticipants.set(identity, participant);
    this.emit('participantConnected', participant);
    return participant;
  }

  /** Publishes and subscribes a track, firing `trackSubscribed` as rtc-node would. */
  subscribe(participant: FakeParticipant, publication: FakePublication): void {
    publication.subscribed = true;
    participant.trackPublications.set(publication.sid, publication);
    this.emit('trackSubscribed', publication.track, publication, participant);
  }

  /** Counts the listeners left on the events `listenToParticipant` uses. */
  listenersLeft(): number {
    return ['trackSubscribed', 'trackUnsubscribed', 'trackUnpublished', 'participantDisconnected', 'disconnected'].reduce(
      (sum, event) => sum + this.listenerCount(event),
      0,
    );
  }
}

/** A real microphone: an AudioSource at 24 kHz and its track, with a way to speak a constant. */
export function realMicrophone(sid: string, source = TrackSource.SOURCE_MICROPHONE) {
  const audio = new AudioSource(24_000, 1, 1000);
  const track = LocalAudioTrack.createAudioTrack(sid, audio);
  const publication: FakePublication = { sid, kind: TrackKind.KIND_AUDIO, source, track, subscribed: false };
  return {
    publication,
    track,
    /** Captures `ms` of samples equal to `value`. */
    speak: async (ms: number, value: number) => {
      for (let i = 0; i < ms / 10; i++) await audio.captureFrame(constantAudioFrame(240, value));
    },
    close: () => track.close(true),
  };
}
