/**
 * Test helper: a RoomConnection without a server. It records what is published and lets the
 * test see it; the tracks it is given are real, so their audio can still be heard through a
 * loopback listener.
 */
import type { LocalAudioTrack } from '@livekit/rtc-node';
import { ParleyError, type PcmFrame } from '@parley/core';
import { EMPTY, type Observable } from 'rxjs';
import type { PublishedTrack, RoomConnection } from '../room/room-connection.js';

export class FakeConnection implements RoomConnection {
  readonly identity = 'agent';
  readonly published: { track: LocalAudioTrack; sid: string; unpublished: boolean }[] = [];
  disconnects = 0;
  /** When set, publishAudio fails with this. */
  refusePublish: ParleyError | undefined;

  async publishAudio(track: LocalAudioTrack): Promise<PublishedTrack> {
    if (this.refusePublish) throw this.refusePublish;
    const entry = { track, sid: `TR_${this.published.length}`, unpublished: false };
    this.published.push(entry);
    return {
      sid: entry.sid,
      unpublish: async () => {
        entry.unpublished = true;
      },
    };
  }

  remoteAudio(): Observable<PcmFrame> {
    return EMPTY;
  }

  async disconnect(): Promise<void> {
    this.disconnects++;
  }
}

/** Makes `track.close` observable: returns a function that says whether it was called. */
export function watchClose(track: LocalAudioTrack): () => boolean {
  let closed = false;
  const close = track.close.bind(track);
  track.close = async (closeSource?: boolean) => {
    closed = true;
    await close(closeSource);
  };
  return () => closed;
}
