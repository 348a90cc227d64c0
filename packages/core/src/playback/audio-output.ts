import type { PcmFrame } from '../audio/pcm-frame.js';

/**
 * Where speech is played: a player that takes frames as they are made (it queues what it cannot
 * play yet), can drop its queue at once, and says how far it has played. A LiveKit
 * `AudioSource`, a browser on the other end of a WebSocket and a clock in a test all sit behind
 * it; a {@link Playback} plays one utterance into it and says what was heard.
 *
 * Counting: a caller that notes `pushedSamples` before its first write knows from
 * `playheadSamples − that` how much of its own audio has been played.
 */
export interface AudioOutput {
  /** The rate every frame written must have. */
  readonly sampleRate: number;
  /** Samples per channel written so far (dropped ones included, or counted as played). */
  readonly pushedSamples: number;
  /**
   * How far into the written samples the player is: played ones plus dropped ones, so that a
   * `clear()` moves it to `pushedSamples`. Never more than `pushedSamples`.
   */
  readonly playheadSamples: number;
  /**
   * The frame length the player takes, in ms. When set, a playback cuts its audio into frames
   * of exactly this length and pads the last one (a player that only plays whole chunks would
   * hold a short tail back); unset, frames go out as they come.
   */
  readonly frameMs?: number;
  /**
   * Queues `frame` to play after what is queued. May return a promise that settles when the
   * player can take the next frame (back-pressure); a frame written once `signal` aborted is
   * dropped.
   * @throws ParleyError INVALID_INPUT for a frame of another rate or channel count.
   */
  write(frame: PcmFrame, signal: AbortSignal): void | Promise<void>;
  /** Drops everything queued and not yet played: it will never be heard. */
  clear(): void;
  /**
   * Resolves once everything written so far has played. Without it, a playback watches
   * `playheadSamples` reach `pushedSamples`.
   */
  waitForPlayout?(): Promise<void>;
}
