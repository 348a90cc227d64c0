import { ParleyError } from '../errors.js';

/**
 * A chunk of 16-bit PCM audio: interleaved samples plus their format.
 *
 * A frame always owns a tight buffer (`data.byteOffset === 0` and `data.buffer` holds exactly
 * `data`), because @livekit/rtc-node hands `data.buffer` to native code and ignores
 * `byteOffset`; a view into a larger buffer would play the wrong samples there.
 * The field names match rtc-node's `AudioFrame`, so a PcmFrame can be read where one is expected.
 *
 * @example
 * ```ts
 * const frame = new PcmFrame(new Int16Array(480), 24_000); // 20 ms of mono silence
 * frame.durationMs; // 20
 * ```
 */
export class PcmFrame {
  /** Interleaved samples; tight (offset 0, exact length). */
  readonly data: Int16Array;
  /** Samples per second per channel. */
  readonly sampleRate: number;
  /** Number of interleaved channels. */
  readonly channels: number;
  /** Samples in each channel (`data.length / channels`). */
  readonly samplesPerChannel: number;

  /**
   * Wraps `data` when it is already tight, else copies it into a buffer of its own.
   * @throws ParleyError INVALID_INPUT for a non-integer or non-positive rate or channel count,
   *   or a sample count that is not a multiple of `channels`.
   */
  constructor(data: Int16Array, sampleRate: number, channels = 1) {
    assertFormat(sampleRate, channels);
    if (data.length % channels !== 0) {
      throw new ParleyError('INVALID_INPUT', `${data.length} samples do not split into ${channels} channels`);
    }
    this.data = isTight(data) ? data : data.slice();
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.samplesPerChannel = data.length / channels;
  }

  /** The frame's length in milliseconds. */
  get durationMs(): number {
    return (this.samplesPerChannel * 1000) / this.sampleRate;
  }
}

/** Whether `samples` starts at offset 0 of a buffer that holds nothing else. */
export function isTight(samples: Int16Array): boolean {
  return samples.byteOffset === 0 && samples.buffer.byteLength === samples.byteLength;
}

/**
 * Checks an audio format.
 * @throws ParleyError INVALID_INPUT naming what is wrong.
 */
export function assertFormat(sampleRate: number, channels: number): void {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) {
    throw new ParleyError('INVALID_INPUT', `sample rate must be a positive integer, got ${sampleRate}`);
  }
  if (!Number.isInteger(channels) || channels <= 0) {
    throw new ParleyError('INVALID_INPUT', `channel count must be a positive integer, got ${channels}`);
  }
}
