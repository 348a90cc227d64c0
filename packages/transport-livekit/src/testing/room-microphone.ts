import { AudioFrame, AudioSource, LocalAudioTrack, TrackPublishOptions, TrackSource, type Room } from '@livekit/rtc-node';
import type { PcmFrame } from '@parley/core';
import type { Observable } from 'rxjs';

/** A published microphone track fed from an observable of frames. */
export interface RoomMicrophone {
  /** Stops feeding, unpublishes the track and closes its source. */
  close(): Promise<void>;
}

/**
 * Publishes a microphone track on a connected `room` and captures every frame of `frames$` into
 * it, in order, as they come (a real-time source, such as a test's live mic, sets the pace).
 * What a participant's browser does when it turns its microphone on.
 */
export async function publishMicrophone(
  room: Room,
  frames$: Observable<PcmFrame>,
  sampleRate: number,
  name = 'microphone',
): Promise<RoomMicrophone> {
  const source = new AudioSource(sampleRate, 1);
  const track = LocalAudioTrack.createAudioTrack(name, source);
  const publication = await room.localParticipant!.publishTrack(track, new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }));
  let capturing = Promise.resolve();
  const feeding = frames$.subscribe((frame) => {
    // Chained: captureFrame must not be called again before the last one resolved.
    capturing = capturing.then(() => source.captureFrame(new AudioFrame(frame.data, frame.sampleRate, 1, frame.samplesPerChannel)));
  });
  return {
    close: async () => {
      feeding.unsubscribe();
      await capturing;
      await room.localParticipant!.unpublishTrack(publication.sid!);
      await source.close();
    },
  };
}
