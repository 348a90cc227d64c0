import { AudioSource, LocalAudioTrack } from '@livekit/rtc-node';
import { ParleyError, Playback, assertFormat, type PlaybackOptions, type SpeechInput } from '@parley/core';
import { SourceWriter } from './source-writer.js';

/** Options for {@link SpeechTrack.create}. */
export interface SpeechTrackOptions extends PlaybackOptions {
  /**
   * The track's sample rate. Default 24 000 (Qwen3-TTS's own rate, so nothing is resampled);
   * 48 000 (Opus's rate) resamples the speech with @parley/core's `resample`.
   */
  sampleRate?: number;
  /** The track's name in the room. Default `"parley-speech"`. */
  trackName?: string;
  /**
   * The AudioSource's native queue, in ms: how far capture runs ahead of the track. Default 200,
   * as in LiveKit Agents' room output. Cancelling clears it at once, so it costs no barge-in
   * latency; a smaller queue only means more frames waiting on the JS side.
   */
  queueMs?: number;
}

/**
 * A mono speech track: an rtc-node `AudioSource` and the `LocalAudioTrack` on it, ready to be
 * published (see `publishSpeech`), and the one place utterances are spoken into it, one at a
 * time. Works without a room: the source plays out in real time whether or not the track is
 * published, which is what lets its tests run here.
 *
 * @example
 * ```ts
 * const speaker = SpeechTrack.create({ sampleRate: 48_000 });
 * const playback = speaker.speak(tts.synthesize(llmTokens$));
 * // the user talks over the agent:
 * const heard = playback.cancel(); // { segmentIndex, charOffset, text, ... }
 * ```
 */
export class SpeechTrack {
  /** The track's sample rate. */
  readonly sampleRate: number;
  /** The track's name. */
  readonly trackName: string;
  /** The native source the track plays. */
  readonly source: AudioSource;
  /** The track to publish. */
  readonly track: LocalAudioTrack;
  readonly #writer: SourceWriter;
  readonly #options: PlaybackOptions;
  #current: Playback | undefined;
  #closed = false;

  private constructor(options: SpeechTrackOptions) {
    const { sampleRate = 24_000, trackName = 'parley-speech', queueMs = 200, ...playback } = options;
    this.sampleRate = sampleRate;
    this.trackName = trackName;
    this.source = new AudioSource(sampleRate, 1, queueMs);
    this.track = LocalAudioTrack.createAudioTrack(trackName, this.source);
    this.#writer = new SourceWriter(this.source);
    this.#options = playback;
  }

  /**
   * Creates the source and its track.
   * @throws ParleyError INVALID_INPUT for a bad sample rate or queue length.
   */
  static create(options: SpeechTrackOptions = {}): SpeechTrack {
    assertFormat(options.sampleRate ?? 24_000, 1);
    const queueMs = options.queueMs ?? 200;
    if (!Number.isInteger(queueMs) || queueMs <= 0) {
      throw new ParleyError('INVALID_INPUT', `queueMs must be a positive integer, got ${queueMs}`);
    }
    return new SpeechTrack(options);
  }

  /** The playback in progress, if any. */
  get current(): Playback | undefined {
    return this.#current?.state === 'playing' ? this.#current : undefined;
  }

  /** The writer's count of `captureFrame` calls: lets a test prove that capturing stopped. */
  get captures(): number {
    return this.#writer.captures;
  }

  /**
   * Speaks `speech$` (subscribed at once). One utterance at a time: cancel the current one, or
   * await its `done`, before speaking the next.
   * @throws ParleyError INVALID_INPUT while another playback is playing, or once closed.
   */
  speak(speech$: SpeechInput, options: PlaybackOptions = {}): Playback {
    if (this.#closed) throw new ParleyError('INVALID_INPUT', 'the speech track is closed');
    if (this.current) {
      throw new ParleyError('INVALID_INPUT', 'already speaking: cancel the current playback or await its done first');
    }
    this.#current = new Playback(this.#writer, speech$, { ...this.#options, ...options });
    return this.#current;
  }

  /**
   * Cancels the current playback, waits for the last capture to settle, and closes the track
   * and its source. Idempotent.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#current?.cancel();
    await this.#writer.settled();
    await this.track.close(true);
  }
}
