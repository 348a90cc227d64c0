/**
 * A microphone for tests that delivers audio in real time: 20 ms frames of silence, with
 * whatever was `say()`-ed spliced in as it comes due. Real time matters: barge-in compares
 * speech against a clock, and the agent's output plays on one.
 */
import { PcmFrame } from '@parley/core';
import { Observable } from 'rxjs';

/** A real-time microphone. */
export class LiveMic {
  /** The frames, at `sampleRate`, one every `frameMs`, from subscription on. */
  readonly frames$: Observable<PcmFrame>;
  readonly #pending: Int16Array[] = [];
  #offset = 0;

  constructor(
    readonly sampleRate: number,
    private readonly frameMs = 20,
  ) {
    this.frames$ = new Observable<PcmFrame>((subscriber) => {
      const startedAt = performance.now();
      let sent = 0;
      // Catch up on elapsed time each tick, so a late timer does not slow the audio down.
      const timer = setInterval(() => {
        const due = Math.floor((performance.now() - startedAt) / this.frameMs);
        for (; sent < due; sent++) subscriber.next(this.#nextFrame());
      }, this.frameMs / 2);
      return () => clearInterval(timer);
    });
  }

  /** Queues `audio` (at this mic's rate) to be "spoken" from the next frame on. */
  say(audio: PcmFrame): void {
    this.#pending.push(audio.data);
  }

  /** Whether queued speech is still coming out. */
  get speaking(): boolean {
    return this.#pending.length > 0;
  }

  #nextFrame(): PcmFrame {
    const out = new Int16Array(Math.round((this.sampleRate * this.frameMs) / 1000));
    let filled = 0;
    while (filled < out.length && this.#pending.length > 0) {
      const head = this.#pending[0]!;
      const take = Math.min(out.length - filled, head.length - this.#offset);
      out.set(head.subarray(this.#offset, this.#offset + take), filled);
      filled += take;
      this.#offset += take;
      if (this.#offset === head.length) {
        this.#pending.shift();
        this.#offset = 0;
      }
    }
    return new PcmFrame(out, this.sampleRate);
  }
}
