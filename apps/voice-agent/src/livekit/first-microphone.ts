import { TrackKind, TrackSource } from '@livekit/rtc-node';
import type { ParticipantRoom } from '@parley/transport-livekit';
import { Observable } from 'rxjs';

/** The fields of a track publication that picking a participant reads. */
interface Publication {
  kind?: TrackKind;
  source?: TrackSource;
}

/** The part of a Room {@link firstMicrophone} needs: rtc-node's `Room`, or a test's emitter. */
export type MicrophoneRoom = ParticipantRoom;

/**
 * The identity of the first remote participant in `room` that publishes a microphone — one
 * already in the room, else the next `trackPublished` — or, with `identity`, that participant
 * once it publishes one. Emits once and completes; unsubscribing removes the listener.
 *
 * @example
 * ```ts
 * const who = await firstValueFrom(firstMicrophone(connection.room));
 * connection.remoteAudio(who).subscribe(...);
 * ```
 */
export function firstMicrophone(room: MicrophoneRoom, identity?: string): Observable<string> {
  return new Observable<string>((subscriber) => {
    const found = (who: string) => {
      subscriber.next(who);
      subscriber.complete();
    };
    const onPublished = (publication: Publication, participant: { identity: string }) => {
      if (isMicrophone(publication) && (identity === undefined || participant.identity === identity)) found(participant.identity);
    };
    room.on('trackPublished', onPublished);
    for (const participant of room.remoteParticipants.values()) {
      if (subscriber.closed) break;
      if (identity !== undefined && participant.identity !== identity) continue;
      if ([...participant.trackPublications.values()].some(isMicrophone)) found(participant.identity);
    }
    return () => void room.off('trackPublished', onPublished);
  });
}

function isMicrophone(publication: Publication): boolean {
  return publication.kind === TrackKind.KIND_AUDIO && publication.source === TrackSource.SOURCE_MICROPHONE;
}
