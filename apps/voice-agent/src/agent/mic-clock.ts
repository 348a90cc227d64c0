import type { PcmFrame } from '@parley/core';

/** Frames remembered: 3,000 frames of 20 ms is a minute, longer than any turn. */
const MAX_ENTRIES = 3_000;

/**
 * Maps microphone audio time (ms since the first frame, the VAD's clock) to wall time, so a
 * turn's "the user stopped speaking at audio 5.32 s" becomes a moment latency can be measured
 * from. Frames are assumed to arrive as they are captured: each frame's last sample is taken
 * to have been spoken when the frame arrived.
 */
export class MicClock {
  readonly #entries: { audioEndMs: number; wallMs: number }[] = [];
  #audioMs = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Notes a frame's arrival. */
  heard(frame: PcmFrame): void {
    this.#audioMs += frame.durationMs;
    this.#entries.push({ audioEndMs: this.#audioMs, wallMs: this.now() });
    if (this.#entries.length > MAX_ENTRIES) this.#entries.shift();
  }

  /** Wall time at which audio time `audioMs` was spoken (now, for audio not yet seen). */
  wallAt(audioMs: number): number {
    const entry = this.#entries.find((e) => e.audioEndMs >= audioMs);
    if (!entry) return this.now();
    return entry.wallMs - (entry.audioEndMs - audioMs);
  }
}
