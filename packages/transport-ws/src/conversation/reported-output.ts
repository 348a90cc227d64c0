import { ClockedOutput, type AudioOutput, type PcmFrame } from '@parley/core';

/**
 * A report older than this no longer counts: a page that went quiet (a throttled tab, an old
 * page that never reports) falls back to the clock estimate instead of freezing the playhead,
 * which would keep a reply from ever finishing. Ten times the page's 100 ms report interval.
 */
const STALE_REPORT_MS = 1_000;

/**
 * The browser's output as an `AudioOutput`: frames go to the page as they are made, and the
 * playhead is what the page says it has played (`{type:"played", samples}`), moved on between
 * reports at real-time pace but never past what the page had buffered. Until the page reports,
 * or when its reports go stale, a `ClockedOutput` estimates instead. So truncation at a
 * barge-in reflects what the user heard, jitter buffer and network delay included.
 */
export class ReportedOutput implements AudioOutput {
  readonly #clock: ClockedOutput;
  #report: { head: number; buffered: number; atMs: number } | undefined;
  /** The playhead cannot fall below this: everything before the last clear is gone. */
  #floor = 0;

  constructor(
    readonly sampleRate: number,
    onWrite: (frame: PcmFrame) => void,
    onClear: () => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#clock = new ClockedOutput(sampleRate, now, onWrite, onClear);
  }

  get pushedSamples(): number {
    return this.#clock.pushedSamples;
  }

  get playheadSamples(): number {
    const report = this.#report;
    const elapsedMs = report ? this.now() - report.atMs : Infinity;
    if (!report || elapsedMs > STALE_REPORT_MS) return Math.max(this.#floor, this.#clock.playheadSamples);
    const moved = Math.min(report.buffered, Math.floor((elapsedMs * this.sampleRate) / 1000));
    return Math.max(this.#floor, Math.min(this.pushedSamples, report.head + moved));
  }

  /**
   * The page's report: `samples` is its playhead at this output's rate, counted like
   * `AudioOutput.playheadSamples` (played plus dropped by a clear, since the first frame);
   * `buffered` is what it still held to play.
   */
  report(samples: number, buffered = 0): void {
    this.#report = { head: samples, buffered, atMs: this.now() };
  }

  write(frame: PcmFrame): void {
    this.#clock.write(frame);
  }

  clear(): void {
    // Reports the page sent before it saw the clear still lag behind; the floor discards them.
    this.#floor = this.pushedSamples;
    this.#clock.clear();
  }
}
