import { AudioStream, RoomEvent, TrackKind, type RemoteParticipant, type RemoteTrack, type Room } from '@livekit/rtc-node';

/**
 * −40 dBFS: what counts as heard. The stand-in's noise plays at about −30 dBFS RMS (its decoder's
 * gain keeps it from startling whoever hears it), and Opus decodes digital silence far below this.
 */
const AUDIBLE_RMS = 0.01;

/** One frame as it arrived: when (performance.now()), how many samples, and how loud (RMS, full scale = 1). */
export interface Arrival {
  readonly at: number;
  readonly samples: number;
  readonly rms: number;
}

/**
 * Records, from the moment it is made, the audio that `room` receives from `from` (else from the
 * first participant whose audio it subscribes to), as mono 16-bit samples at `sampleRate`, with
 * each frame's arrival time. A track subscribed again after a reconnect goes on the same
 * recording, as a user's app would play it. Make it before `room.connect()` so that no
 * subscription is missed. Tests use it to hear what a remote participant heard, and when.
 */
export class RoomRecording {
  /** Every sample received, in order. */
  readonly samples: number[] = [];
  readonly arrivals: Arrival[] = [];
  /** Resolves once the track is subscribed. */
  readonly subscribed: Promise<void>;

  /** How many times a track was subscribed (more than once after reconnects). */
  subscriptions = 0;

  constructor(room: Room, sampleRate: number, from?: string) {
    let source = from;
    this.subscribed = new Promise<void>((resolve) => {
      room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack, _publication: unknown, participant: RemoteParticipant) => {
        if (track.kind !== TrackKind.KIND_AUDIO || (source !== undefined && participant.identity !== source)) return;
        source = participant.identity;
        this.subscriptions++;
        resolve();
        void this.#read(new AudioStream(track, sampleRate, 1));
      });
    });
  }

  /**
   * The frames louder than `rms`: by default {@link AUDIBLE_RMS}, well above Opus's noise on
   * silence and below the quiet stand-in model's speech.
   */
  loud(rms = AUDIBLE_RMS): Arrival[] {
    return this.arrivals.filter((arrival) => arrival.rms > rms);
  }

  /** Samples in the frames louder than `rms`. */
  loudSamples(rms = AUDIBLE_RMS): number {
    return this.loud(rms).reduce((total, arrival) => total + arrival.samples, 0);
  }

  async #read(stream: AudioStream): Promise<void> {
    for await (const frame of stream) {
      let energy = 0;
      for (const sample of frame.data) energy += sample * sample;
      for (const sample of frame.data) this.samples.push(sample);
      this.arrivals.push({ at: performance.now(), samples: frame.samplesPerChannel, rms: Math.sqrt(energy / frame.data.length) / 32_768 });
    }
  }
}
