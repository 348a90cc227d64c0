import { ParleyError, toParleyError } from '../errors.js';
import type { PcmFrame } from '../audio/pcm-frame.js';
import type { Observable, Subscription } from 'rxjs';

/** Options for {@link FramePump}. */
export interface FramePumpOptions {
  /**
   * Audio allowed to wait between the Observable and the sink, in ms. An Observable cannot be
   * paused, so a producer faster than real time (a TTS engine on a GPU) runs ahead of playout
   * and its frames wait here; past this much the pump fails with OVERLOADED rather than grow
   * without bound. Default 120 000 ms: two minutes of speech ahead of the listener, 5.8 MB at
   * 24 kHz mono.
   */
  maxBufferedMs?: number;
}

/** Writes one frame, and resolves (when it returns a promise) once the sink can take the next. */
export type FrameSink = (frame: PcmFrame) => void | Promise<void>;

const DEFAULT_MAX_BUFFERED_MS = 120_000;

/**
 * Moves frames from a push source (an Observable) into an async sink one at a time: the sink
 * (an AudioSource's `captureFrame`) sets the pace, and frames that arrive meanwhile wait in a
 * queue bounded by {@link FramePumpOptions.maxBufferedMs}.
 *
 * `done` resolves once the source completed and its last frame was written; it rejects with a
 * ParleyError when the source errors, the sink throws or the queue overflows (OVERLOADED) —
 * and the pump then stops as on {@link stop}. Subscribes at construction.
 *
 * @example
 * ```ts
 * const pump = new FramePump(frames$, (frame) => writer.write(frame));
 * await pump.done;
 * ```
 */
export class FramePump {
  /** Settles when the pump finishes, fails or is stopped (then it resolves). */
  readonly done: Promise<void>;
  readonly #sink: FrameSink;
  readonly #maxBufferedMs: number;
  readonly #queue: PcmFrame[] = [];
  #bufferedMs = 0;
  #writing = false;
  #completed = false;
  #stopped = false;
  #subscription: Subscription | undefined;
  #resolve!: () => void;
  #reject!: (error: ParleyError) => void;

  constructor(source: Observable<PcmFrame>, sink: FrameSink, options: FramePumpOptions = {}) {
    this.#sink = sink;
    this.#maxBufferedMs = options.maxBufferedMs ?? DEFAULT_MAX_BUFFERED_MS;
    this.done = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    const subscription = source.subscribe({
      next: (frame) => this.#push(frame),
      error: (error: unknown) => this.#fail(error),
      complete: () => {
        this.#completed = true;
        this.#drainDone();
      },
    });
    // A source that failed or ended synchronously has already stopped the pump.
    if (this.#stopped) subscription.unsubscribe();
    else this.#subscription = subscription;
  }

  /** Frames waiting for the sink. */
  get queuedFrames(): number {
    return this.#queue.length;
  }

  /** Unsubscribes from the source and drops the waiting frames; `done` resolves. Idempotent. */
  stop(): void {
    if (this.#stopped) return;
    this.#halt();
    this.#resolve();
  }

  #push(frame: PcmFrame): void {
    if (this.#stopped) return;
    if (this.#bufferedMs + frame.durationMs > this.#maxBufferedMs) {
      const message = `speech is running more than ${this.#maxBufferedMs} ms ahead of playout`;
      return this.#fail(new ParleyError('OVERLOADED', message));
    }
    this.#queue.push(frame);
    this.#bufferedMs += frame.durationMs;
    if (!this.#writing) void this.#pump();
  }

  /** Writes queued frames until the queue is empty; only one runs at a time. */
  async #pump(): Promise<void> {
    this.#writing = true;
    while (this.#queue.length > 0 && !this.#stopped) {
      const frame = this.#queue.shift()!;
      this.#bufferedMs -= frame.durationMs;
      try {
        await this.#sink(frame);
      } catch (error) {
        this.#writing = false;
        return this.#fail(error);
      }
    }
    this.#writing = false;
    this.#drainDone();
  }

  #drainDone(): void {
    if (this.#completed && !this.#writing && this.#queue.length === 0 && !this.#stopped) {
      this.#halt();
      this.#resolve();
    }
  }

  #fail(error: unknown): void {
    if (this.#stopped) return;
    this.#halt();
    this.#reject(toParleyError(error));
  }

  #halt(): void {
    this.#stopped = true;
    this.#queue.length = 0;
    this.#bufferedMs = 0;
    this.#subscription?.unsubscribe();
    this.#subscription = undefined;
  }
}
