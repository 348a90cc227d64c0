import {
  TrackKind,
  TrackSource,
  type RemoteParticipant,
  type RemoteTrack,
  type RemoteTrackPublication,
  type Room,
} from '@livekit/rtc-node';
import type { PcmFrame } from '@parley/core';
import { Observable, type Subscriber, type Subscription } from 'rxjs';
import type { ListenOptions } from '../room/room-connection.js';
import { trackFrames } from './track-frames.js';

/** The part of rtc-node's `Room` that listening needs: its remote participants and events. */
export type ParticipantRoom = Pick<Room, 'remoteParticipants' | 'on' | 'off'>;

/**
 * The microphone audio of participant `identity` in `room`, as PcmFrames (16 kHz mono unless
 * `options` say otherwise). Takes the participant's first subscribed microphone track — one
 * already subscribed, or the next one (`RoomEvent.TrackSubscribed`; the room must auto-subscribe
 * or subscribe it) — so subscribing before the participant joins is fine.
 *
 * Completes when that track is unpublished or unsubscribed, when the participant leaves, or
 * when the room disconnects. Unsubscribing removes the room listeners and closes the stream.
 *
 * @example
 * ```ts
 * listenToParticipant(room, 'caller-42', { sampleRate: 16_000 }).subscribe((frame) => vad.push(frame));
 * ```
 */
export function listenToParticipant(room: ParticipantRoom, identity: string, options: ListenOptions = {}): Observable<PcmFrame> {
  return new Observable<PcmFrame>((subscriber) => new ParticipantListener(room, identity, options, subscriber).teardown);
}

/** One subscription of {@link listenToParticipant}: waits for the track, then forwards it. */
class ParticipantListener {
  #trackSid: string | undefined;
  #frames: Subscription | undefined;

  constructor(
    private readonly room: ParticipantRoom,
    private readonly identity: string,
    private readonly options: ListenOptions,
    private readonly subscriber: Subscriber<PcmFrame>,
  ) {
    room.on('trackSubscribed', this.#onSubscribed);
    room.on('trackUnsubscribed', this.#onUnsubscribed);
    room.on('trackUnpublished', this.#onUnpublished);
    room.on('participantDisconnected', this.#onLeft);
    room.on('disconnected', this.#end);
    this.#attachExisting();
  }

  readonly teardown = (): void => {
    this.room.off('trackSubscribed', this.#onSubscribed);
    this.room.off('trackUnsubscribed', this.#onUnsubscribed);
    this.room.off('trackUnpublished', this.#onUnpublished);
    this.room.off('participantDisconnected', this.#onLeft);
    this.room.off('disconnected', this.#end);
    this.#frames?.unsubscribe();
  };

  /** A track subscribed before this listener existed. */
  #attachExisting(): void {
    const participant = this.room.remoteParticipants.get(this.identity);
    for (const publication of participant?.trackPublications.values() ?? []) {
      if (publication.track && publication.subscribed) {
        this.#onSubscribed(publication.track as RemoteTrack, publication, participant!);
      }
    }
  }

  #wanted(publication: RemoteTrackPublication, participant: RemoteParticipant): boolean {
    return (
      participant.identity === this.identity &&
      publication.kind === TrackKind.KIND_AUDIO &&
      (this.options.anySource === true || publication.source === TrackSource.SOURCE_MICROPHONE)
    );
  }

  #onSubscribed = (track: RemoteTrack, publication: RemoteTrackPublication, participant: RemoteParticipant) => {
    if (this.#trackSid !== undefined || this.subscriber.closed || !this.#wanted(publication, participant)) return;
    this.#trackSid = publication.sid ?? '';
    this.#frames = trackFrames(track, this.options).subscribe(this.subscriber);
  };

  #onUnsubscribed = (_track: RemoteTrack, publication: RemoteTrackPublication) => this.#onUnpublished(publication);

  #onUnpublished = (publication: RemoteTrackPublication) => {
    if (this.#trackSid !== undefined && publication.sid === this.#trackSid) this.#end();
  };

  #onLeft = (participant: RemoteParticipant) => {
    if (participant.identity === this.identity) this.#end();
  };

  #end = (): void => {
    this.subscriber.complete();
  };
}
