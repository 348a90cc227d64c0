import type { LocalAudioTrack } from '@livekit/rtc-node';
import type { PcmFrame } from '@parley/core';
import type { Observable } from 'rxjs';

/** A published local track. */
export interface PublishedTrack {
  /** The track's id in the room. */
  readonly sid: string;
  /** Removes the track from the room. Idempotent. */
  unpublish(): Promise<void>;
}

/** Options for {@link RoomConnection.remoteAudio} and `listenToParticipant`. */
export interface ListenOptions {
  /** Rate of the frames delivered, Hz. Default 16 000: what VAD and STT models take. */
  sampleRate?: number;
  /** Channels of the frames delivered. Default 1. */
  channels?: number;
  /** Frame length, ms (rtc-node's `frameSizeMs`). Default rtc-node's own, 10 ms. */
  frameSizeMs?: number;
  /** Listen to any audio track of the participant, not only its microphone. Default false. */
  anySource?: boolean;
}

/**
 * Everything parley needs from a LiveKit room, and all of it that needs a LiveKit server: the
 * seam where tests substitute a fake, since no server can run here. `LiveKitConnection` is the
 * real one, on @livekit/rtc-node's `Room`.
 */
export interface RoomConnection {
  /** This participant's identity in the room. */
  readonly identity: string;
  /**
   * Publishes `track` as this participant's microphone.
   * @throws ParleyError when the room refuses it.
   */
  publishAudio(track: LocalAudioTrack): Promise<PublishedTrack>;
  /**
   * The microphone audio of participant `identity`, from the moment it is subscribed; completes
   * when the participant leaves or the track goes away. Unsubscribing closes the stream.
   */
  remoteAudio(identity: string, options?: ListenOptions): Observable<PcmFrame>;
  /** Leaves the room. Idempotent. */
  disconnect(): Promise<void>;
}
