import { PcmFrame } from '@parley/core';

interface Held {
  readonly startMs: number;
  readonly samples: Int16Array;
}

/**
 * Keeps the recent windows of one mono stream so that a speech segment's audio can be cut out
 * when it ends. The VAD trims it to what a segment can still reach back to, so it holds the
 * open segment plus a pad, never the whole stream.
 */
export class SpeechRecorder {
  private held: Held[] = [];

  constructor(private readonly sampleRate: number) {}

  /** Adds the window that starts at `startMs`. */
  push(samples: Int16Array, startMs: number): void {
    this.held.push({ startMs, samples });
  }

  /** Drops windows that end at or before `fromMs`. */
  trim(fromMs: number): void {
    let drop = 0;
    while (drop < this.held.length && this.endMs(this.held[drop]!) <= fromMs) drop++;
    if (drop > 0) this.held = this.held.slice(drop);
  }

  /** The audio in [fromMs, toMs), as one tight frame (shorter where it was not held). */
  take(fromMs: number, toMs: number): PcmFrame {
    const perMs = this.sampleRate / 1000;
    const out = new Int16Array(Math.max(0, Math.round((toMs - fromMs) * perMs)));
    for (const { startMs, samples } of this.held) {
      const offset = Math.round((startMs - fromMs) * perMs);
      const first = Math.max(0, -offset);
      const last = Math.min(samples.length, out.length - offset);
      if (first < last) out.set(samples.subarray(first, last), offset + first);
    }
    return new PcmFrame(out, this.sampleRate);
  }

  private endMs(held: Held): number {
    return held.startMs + (held.samples.length * 1000) / this.sampleRate;
  }
}
