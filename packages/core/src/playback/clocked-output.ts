import type { PcmFrame } from '../audio/pcm-frame.js';
import { ParleyError } from '../errors.js';
import type { AudioOutput } from './audio-output.js';

/** One write to a {@link ClockedOutput}, for tests and logs. */
export interface OutputWrite {
  /** Clock time of the write. */
  atMs: number;
  samples: number;
}

/**
 * An {@link AudioOutput} that plays in real time on a clock, without a sound card: the playhead
 * moves at `sampleRate` samples a second while anything is queued. It is what tests listen with
 * (so "played" means what a listener would have heard by now), and the WebSocket output's
 * estimate of what a browser played (the browser plays at the same pace; its jitter buffer and
 * the network add a few tens of ms that this does not see).
 *
 * @example
 * ```ts
 * const output = new ClockedOutput(24_000);
 * const playback = new Playback(output, tts.synthesize('Hello there.'));
 * setTimeout(() => console.log(playback.cancel().text), 500); // 'Hello' or so
 * ```
 */
export class ClockedOutput implements AudioOutput {
  /** Every write, in order. */
  readonly writes: OutputWrite[] = [];
  /** Clock times of every `clear()`. */
  readonly clears: number[] = [];
  #pushed = 0;
  #dropped = 0;
  /** The playhead at `#since`, the moment it last (re)started or was cut. */
  #headBase = 0;
  #since: number;

  constructor(
    readonly sampleRate: number,
    private readonly now: () => number = () => performance.now(),
    private readonly onWrite?: (frame: PcmFrame) => void,
    private readonly onClear?: () => void,
  ) {
    this.#since = now();
  }

  get pushedSamples(): number {
    return this.#pushed;
  }

  get playheadSamples(): number {
    const elapsed = ((this.now() - this.#since) * this.sampleRate) / 1000;
    return Math.min(this.#pushed, Math.floor(this.#headBase + elapsed));
  }

  /** Samples really played (heard): the playhead less what was dropped. */
  get playedSamples(): number {
    return this.playheadSamples - this.#dropped;
  }

  /** Samples queued and not yet played. */
  get queuedSamples(): number {
    return this.#pushed - this.playheadSamples;
  }

  write(frame: PcmFrame): void {
    if (frame.sampleRate !== this.sampleRate) {
      throw new ParleyError('INVALID_INPUT', `the output plays ${this.sampleRate} Hz, got a ${frame.sampleRate} Hz frame`);
    }
    // An idle player starts playing this frame now, not at some earlier time.
    if (this.queuedSamples === 0) this.#restart(this.#pushed);
    this.#pushed += frame.samplesPerChannel;
    this.writes.push({ atMs: this.now(), samples: frame.samplesPerChannel });
    this.onWrite?.(frame);
  }

  clear(): void {
    // The dropped samples stay counted as pushed (callers' offsets stay valid); the head skips them.
    this.#dropped += this.queuedSamples;
    this.#restart(this.#pushed);
    this.clears.push(this.now());
    this.onClear?.();
  }

  /** Samples written after clock time `atMs`. */
  samplesWrittenAfter(atMs: number): number {
    return this.writes.filter((write) => write.atMs > atMs).reduce((sum, write) => sum + write.samples, 0);
  }

  #restart(head: number): void {
    this.#headBase = head;
    this.#since = this.now();
  }
}
