import type { AudioSource } from '@livekit/rtc-node';
import { ParleyError, toParleyError, type AudioOutput, type PcmFrame } from '@parley/core';
import { toAudioFrame } from '@parley/core/livekit';

/**
 * One @livekit/rtc-node `AudioSource` as core's `AudioOutput`: writes PCM frames into it one
 * `captureFrame` at a time, in 20 ms frames, and keeps the count that tells what has been played.
 *
 * Back-pressure is the AudioSource's own: `captureFrame` resolves at once while the native
 * queue (`queueSize` ms) has room, then once per frame's worth of real time. Writes are chained,
 * so at most one capture is ever in flight and a burst of writes cannot pile up native calls.
 *
 * Played = pushed − queued. `queuedDuration` is rtc-node's own timer estimate (whole
 * milliseconds) of the native queue; measured against a loopback AudioStream on the same track
 * it was within 1 ms (24 samples at 24 kHz) of the samples actually delivered.
 *
 * @example
 * ```ts
 * const writer = new SourceWriter(new AudioSource(24_000, 1, 200));
 * for (const frame of frames) await writer.write(frame);
 * const played = writer.clear(); // barge-in: drop what is queued, keep what was heard
 * ```
 */
export class SourceWriter implements AudioOutput {
  /** The source written to. */
  readonly source: AudioSource;
  /**
   * Frames go to the source in 20 ms: two of the AudioSource's native 10 ms chunks per call,
   * half the calls of 10 ms frames for the same pacing. Padded at the end: the source plays only
   * whole 10 ms chunks, and holds a shorter tail back until more audio comes (measured: 7 ms at
   * the end of a stream stayed unplayed).
   */
  readonly frameMs = 20;
  #pushed = 0;
  #captures = 0;
  #tail: Promise<void> = Promise.resolve();

  constructor(source: AudioSource) {
    this.source = source;
  }

  /** Samples per channel handed to the source so far (what was cleared excepted). */
  get pushedSamples(): number {
    return this.#pushed;
  }

  /** `captureFrame` calls made so far: lets a test prove that writing stopped. */
  get captures(): number {
    return this.#captures;
  }

  /** Samples per channel still queued in the source, not yet played. */
  get queuedSamples(): number {
    const queued = Math.round((this.source.queuedDuration * this.source.sampleRate) / 1000);
    return Math.min(queued, this.#pushed);
  }

  /** Samples per channel played so far: pushed − queued. */
  get playedSamples(): number {
    return this.#pushed - this.queuedSamples;
  }

  /** The same as {@link playedSamples}: a clear forgets what it dropped, so nothing is skipped. */
  get playheadSamples(): number {
    return this.playedSamples;
  }

  /** The source's sample rate. */
  get sampleRate(): number {
    return this.source.sampleRate;
  }

  /** Resolves once the source has played what it holds (rtc-node's `waitForPlayout`). */
  waitForPlayout(): Promise<void> {
    return this.source.waitForPlayout();
  }

  /**
   * Captures `frame` once every earlier write has settled, and resolves when the source has
   * taken it. When `signal` has aborted by then, the frame is dropped without a capture.
   * @throws ParleyError INVALID_INPUT for a frame whose format differs from the source's
   *   (rtc-node would refuse it with "InvalidState"); INTERNAL (retryable false) once the source
   *   is closed.
   */
  write(frame: PcmFrame, signal?: AbortSignal): Promise<void> {
    const run = this.#tail.then(() => this.#capture(frame, signal));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Drops everything queued in the source (`clearQueue`) and returns the samples played up to
   * now, which from then on are all that was pushed. A capture still in flight is dropped by
   * the native side as well: measured, its samples never reach the track.
   */
  clear(): number {
    const played = this.playedSamples;
    this.source.clearQueue();
    this.#pushed = played;
    return played;
  }

  /** Resolves once every write made so far has settled. */
  settled(): Promise<void> {
    return this.#tail;
  }

  async #capture(frame: PcmFrame, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return;
    const { sampleRate, numChannels } = this.source;
    if (frame.sampleRate !== sampleRate || frame.channels !== numChannels) {
      const message = `a ${frame.sampleRate} Hz × ${frame.channels} frame for a ${sampleRate} Hz × ${numChannels} source`;
      throw new ParleyError('INVALID_INPUT', message);
    }
    if (this.source.closed) throw new ParleyError('INTERNAL', 'the audio source is closed', { retryable: false });
    this.#pushed += frame.samplesPerChannel;
    this.#captures++;
    try {
      await this.source.captureFrame(toAudioFrame(frame));
    } catch (error) {
      throw toParleyError(error);
    }
  }
}
