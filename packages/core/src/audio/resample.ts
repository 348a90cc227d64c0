import { Observable, type OperatorFunction, type Subscriber } from 'rxjs';
import { ParleyError, toParleyError } from '../errors.js';
import { PcmFrame } from './pcm-frame.js';
import { StreamingResampler, assertResamplerFormat, type ResamplerQuality } from './resampler.js';

/** Options for {@link resample}. */
export interface ResampleOptions {
  /** Default `medium`; see {@link ResamplerQuality}. */
  quality?: ResamplerQuality;
}

/**
 * An RxJS operator that resamples a stream of frames to `toRate`, with one
 * {@link StreamingResampler} per subscription, made from the first frame's format.
 *
 * Frames keep their order and none is empty; frames that arrive while the resampler is still
 * being created wait in a queue. On completion the filter's tail is flushed as a last frame.
 * The resampler is closed on completion, error and unsubscribe. Upstream errors pass through
 * unchanged.
 *
 * @throws ParleyError INVALID_INPUT at once for a bad `toRate`; emitted as an error when a
 *   frame's rate or channel count differs from the first frame's.
 *
 * @example
 * ```ts
 * frames24k$.pipe(resample(48_000)).subscribe((frame) => room.captureFrame(frame));
 * ```
 */
export function resample(toRate: number, options: ResampleOptions = {}): OperatorFunction<PcmFrame, PcmFrame> {
  assertResamplerFormat(toRate, toRate, 1);
  return (source) =>
    new Observable<PcmFrame>((subscriber) => {
      const stream = new ResampleStream(toRate, options.quality, subscriber);
      const subscription = source.subscribe({
        next: (frame) => stream.next(frame),
        error: (error: unknown) => stream.fail(error, false),
        complete: () => stream.complete(),
      });
      return () => {
        subscription.unsubscribe();
        stream.dispose();
      };
    });
}

/** One subscription's state for {@link resample}. */
class ResampleStream {
  #resampler: StreamingResampler | undefined;
  #format: { sampleRate: number; channels: number } | undefined;
  /** Frames awaiting the resampler; null once it exists and the backlog is drained. */
  #queue: PcmFrame[] | null = [];
  #completing = false;
  #done = false;

  constructor(
    private readonly toRate: number,
    private readonly quality: ResamplerQuality | undefined,
    private readonly subscriber: Subscriber<PcmFrame>,
  ) {}

  next(frame: PcmFrame): void {
    if (this.#done) return;
    if (this.#format === undefined) {
      this.#format = { sampleRate: frame.sampleRate, channels: frame.channels };
      this.#start(frame.sampleRate, frame.channels);
    } else if (frame.sampleRate !== this.#format.sampleRate || frame.channels !== this.#format.channels) {
      const was = `${this.#format.sampleRate} Hz × ${this.#format.channels}`;
      const now = `${frame.sampleRate} Hz × ${frame.channels}`;
      const message = `resample: format changed mid-stream from ${was} to ${now}`;
      return this.fail(new ParleyError('INVALID_INPUT', message), true);
    }
    // Frames arriving during a drain join the queue too, so a synchronous feedback loop
    // downstream cannot overtake frames still waiting.
    if (this.#queue !== null) this.#queue.push(frame);
    else this.#process(frame);
  }

  complete(): void {
    if (this.#done) return;
    if (this.#format === undefined) {
      this.dispose();
      this.subscriber.complete();
    } else if (this.#queue !== null) {
      this.#completing = true; // finished once the resampler exists and the queue is drained
    } else {
      this.#finish();
    }
  }

  fail(error: unknown, ours: boolean): void {
    if (this.#done) return;
    this.dispose();
    this.subscriber.error(ours ? toParleyError(error) : error);
  }

  dispose(): void {
    this.#done = true;
    this.#queue = null;
    this.#resampler?.close();
    this.#resampler = undefined;
  }

  #start(fromRate: number, channels: number): void {
    StreamingResampler.create({ fromRate, toRate: this.toRate, channels, quality: this.quality }).then(
      (resampler) => {
        if (this.#done) return resampler.close(); // unsubscribed or failed meanwhile
        this.#resampler = resampler;
        this.#drain();
      },
      (error: unknown) => this.fail(error, true),
    );
  }

  #drain(): void {
    const queue = this.#queue!;
    for (let i = 0; i < queue.length && !this.#done; i++) this.#process(queue[i]!);
    if (this.#done) return;
    this.#queue = null;
    if (this.#completing) this.#finish();
  }

  #process(frame: PcmFrame): void {
    this.#emit(() => this.#resampler!.push(frame.data));
  }

  #finish(): void {
    if (!this.#emit(() => this.#resampler!.flush())) return;
    this.dispose();
    this.subscriber.complete();
  }

  /** Runs one resampler call and emits its output unless empty; false if it failed. */
  #emit(call: () => Int16Array): boolean {
    let samples: Int16Array;
    try {
      samples = call();
    } catch (error) {
      this.fail(error, true);
      return false;
    }
    if (samples.length > 0 && !this.#done) {
      this.subscriber.next(new PcmFrame(samples, this.toRate, this.#format!.channels));
    }
    return true;
  }
}
