import { Observable, type OperatorFunction } from 'rxjs';
import { ParleyError } from '../errors.js';
import { PcmFrame } from './pcm-frame.js';

/** Options for {@link frames}. */
export interface FramesOptions {
  /**
   * Pad the last, partial frame with silence to the full duration instead of emitting it short.
   * Sinks that only accept whole frames want this. Default false.
   */
  padLast?: boolean;
}

/**
 * Re-chunks a stream of PCM chunks of any size into frames of exactly `durationMs`
 * (10, 20 and 40 ms are the usual sizes for real-time audio), keeping format and order.
 * On completion the remainder is flushed as one shorter frame (or padded, see
 * {@link FramesOptions.padLast}).
 *
 * Each sample is copied once into a frame of its own, so the cost is O(total samples)
 * whatever the input chunk sizes are, and every emitted frame is tight.
 *
 * @throws ParleyError INVALID_INPUT (as an error notification) when the sample rate or channel
 *   count changes mid-stream, or when `durationMs` does not give a whole number of samples.
 *
 * @example
 * ```ts
 * speechChunks$.pipe(frames(20)).subscribe((frame) => source.captureFrame(frame));
 * ```
 */
export function frames(durationMs: number, options: FramesOptions = {}): OperatorFunction<PcmFrame, PcmFrame> {
  if (!(durationMs > 0)) {
    throw new ParleyError('INVALID_INPUT', `frame duration must be positive, got ${durationMs} ms`);
  }
  return (source) =>
    new Observable<PcmFrame>((subscriber) => {
      const framer = new Framer(durationMs, options.padLast ?? false);
      return source.subscribe({
        next: (chunk) => {
          try {
            framer.push(chunk, (frame) => subscriber.next(frame));
          } catch (error) {
            subscriber.error(error);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          framer.flush((frame) => subscriber.next(frame));
          subscriber.complete();
        },
      });
    });
}

/** Accumulates samples into one preallocated frame at a time. */
class Framer {
  private format: { sampleRate: number; channels: number } | undefined;
  private current: Int16Array = new Int16Array(0);
  private filled = 0;

  constructor(
    private readonly durationMs: number,
    private readonly padLast: boolean,
  ) {}

  push(chunk: PcmFrame, emit: (frame: PcmFrame) => void): void {
    if (!this.format) this.start(chunk);
    else if (chunk.sampleRate !== this.format.sampleRate || chunk.channels !== this.format.channels) {
      throw new ParleyError('INVALID_INPUT', `audio format changed mid-stream from ${describe(this.format)} to ${describe(chunk)}`);
    }
    const input = chunk.data;
    let read = 0;
    while (read < input.length) {
      const take = Math.min(input.length - read, this.current.length - this.filled);
      this.current.set(input.subarray(read, read + take), this.filled);
      this.filled += take;
      read += take;
      if (this.filled === this.current.length) emit(this.takeFrame(this.current));
    }
  }

  flush(emit: (frame: PcmFrame) => void): void {
    if (this.filled === 0) return;
    emit(this.takeFrame(this.padLast ? this.current : this.current.slice(0, this.filled)));
  }

  private start(chunk: PcmFrame): void {
    const samplesPerChannel = (chunk.sampleRate * this.durationMs) / 1000;
    if (!Number.isInteger(samplesPerChannel)) {
      throw new ParleyError('INVALID_INPUT', `${this.durationMs} ms is not a whole number of samples at ${chunk.sampleRate} Hz`);
    }
    this.format = { sampleRate: chunk.sampleRate, channels: chunk.channels };
    this.current = new Int16Array(samplesPerChannel * chunk.channels);
  }

  private takeFrame(samples: Int16Array): PcmFrame {
    const { sampleRate, channels } = this.format!;
    this.current = new Int16Array(this.current.length);
    this.filled = 0;
    return new PcmFrame(samples, sampleRate, channels);
  }
}

function describe(format: { sampleRate: number; channels: number }): string {
  return `${format.sampleRate} Hz × ${format.channels} ch`;
}
