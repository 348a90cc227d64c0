import type { PcmFrame } from '@parley/core';

/**
 * Where agent audio goes: a player that takes frames as they are made (it queues what it cannot
 * play yet), can drop its queue at once, and says how much it has played.
 */
export interface PcmSink {
  /** The rate every frame written must have. */
  readonly sampleRate: number;
  /** Queues `frame` to play after what is queued. */
  write(frame: PcmFrame): void;
  /** Drops everything queued and not yet played: it will never be heard. */
  clear(): void;
  /** Samples written since the sink was made (dropped ones included). */
  readonly pushedSamples: number;
  /**
   * How far into the written samples the player is: played ones plus dropped ones (a clear
   * moves it to `pushedSamples`). A caller that noted `pushedSamples` before its first write
   * knows from this how much of its own audio was played.
   */
  readonly playheadSamples: number;
}

/** One write to a {@link ClockedSink}, for tests and logs. */
export interface SinkWrite {
  /** Clock time of the write. */
  atMs: number;
  samples: number;
}

/**
 * A {@link PcmSink} that plays in real time on a clock, without a sound card: the playhead moves
 * at `sampleRate` samples a second while anything is queued. It is what the tests listen with
 * (so "played" means what a listener would have heard by now), and the WebSocket output's
 * estimate of what the browser played (the browser plays at the same pace; its jitter buffer
 * and the network add a few tens of ms that this does not see).
 */
export class ClockedSink implements PcmSink {
  /** Every write, in order. */
  readonly writes: SinkWrite[] = [];
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
    if (frame.sampleRate !== this.sampleRate) throw new Error(`sink plays ${this.sampleRate} Hz, got ${frame.sampleRate} Hz`);
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
