import type { FetchProgress } from './fetch-progress.js';
import { formatDuration, formatMegabytes, formatSize } from './format.js';

/** Where the bar is written: stderr, or anything with `write` (tests). */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Options of {@link ProgressBar}. */
export interface ProgressBarOptions {
  /** Default `process.stderr`. */
  readonly stream?: ProgressStream;
  /** One redrawn line (true) or plain periodic lines (false); default `stream.isTTY`. */
  readonly tty?: boolean;
  /** Least time between updates: default 100 ms redrawing a TTY, 5 s of plain lines for a log. */
  readonly intervalMs?: number;
  /** Clock in ms (tests). */
  readonly now?: () => number;
}

const BAR_CELLS = 24;
const ERASE_LINE = '\r\u001b[2K';

/**
 * Renders {@link FetchProgress} events: on a terminal, one line redrawn in place (percent, bar,
 * MB/MB, MB/s, ETA, file); in a log, a plain line every few seconds. Per-file results and notices
 * (retries, restarts) are permanent lines in both.
 *
 * Written by hand rather than with `cli-progress`: it is about this size, the plain-line mode a
 * CI log needs is not what that library's non-TTY mode does, and the speed and ETA must count only
 * bytes received in this run, not the resumed ones a generic bar would see as instant.
 *
 * @example
 * ```ts
 * const bar = new ProgressBar();
 * try { await fetchModel(name, { onProgress: bar.update }); } finally { bar.finish(); }
 * ```
 */
export class ProgressBar {
  private readonly stream: ProgressStream;
  private readonly tty: boolean;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private startedAt: number | undefined;
  private lastDrawAt = Number.NEGATIVE_INFINITY;
  private barShown = false;
  private current = { target: '', index: 0, count: 0 };
  private bytes = { done: 0, total: 0, received: 0 };

  constructor(options: ProgressBarOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.tty = options.tty ?? this.stream.isTTY === true;
    this.intervalMs = options.intervalMs ?? (this.tty ? 100 : 5000);
    this.now = options.now ?? (() => performance.now());
  }

  /** Takes one event; a bound function, so it can be passed as `onProgress` directly. */
  readonly update = (event: FetchProgress): void => {
    switch (event.type) {
      case 'plan':
        this.bytes = { done: event.doneBytes, total: event.totalBytes, received: 0 };
        return this.line(planLine(event));
      case 'present':
        return this.line(`  ${event.target}: already here (${formatSize(event.size)})`);
      case 'file':
        this.startedAt ??= this.now();
        this.current = { target: event.target, index: event.index, count: event.count };
        if (!this.tty) this.line(`  ${event.target} (${event.index + 1}/${event.count}): ${startWords(event)}`);
        return this.draw(true);
      case 'bytes':
        this.bytes = { done: event.doneBytes, total: event.totalBytes, received: event.receivedBytes };
        return this.draw(false);
      case 'file-done':
        return this.line(`  ${event.target}: ${formatSize(event.size)}, ${verifiedWords(event.verified)}`);
      case 'notice':
        return this.line(`  ${event.target}: ${event.message}`);
    }
  };

  /** Removes the bar line, if one is shown; call once when the fetch is over. */
  finish(): void {
    if (this.barShown) this.stream.write(ERASE_LINE);
    this.barShown = false;
  }

  /** A permanent line; on a TTY the bar is redrawn under it. */
  private line(text: string): void {
    this.finish();
    this.stream.write(`${text}\n`);
    if (this.tty && this.startedAt !== undefined) this.draw(true);
  }

  private draw(force: boolean): void {
    const now = this.now();
    if (this.startedAt === undefined || (!force && now - this.lastDrawAt < this.intervalMs)) return;
    if (!this.tty && force) return; // plain mode prints progress on its own schedule only
    this.lastDrawAt = now;
    const text = this.status(now);
    if (!this.tty) return void this.stream.write(`  ${text}\n`);
    const width = Math.max(20, (this.stream.columns || 100) - 1); // 0 when the terminal does not say
    this.stream.write(`${ERASE_LINE}${text.slice(0, width)}`);
    this.barShown = true;
  }

  private status(now: number): string {
    const { done, total, received } = this.bytes;
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const seconds = Math.max(0.001, (now - (this.startedAt ?? now)) / 1000);
    const speed = received / seconds;
    const eta = speed > 0 && total > done ? formatDuration((total - done) / speed) : '--';
    const percent = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
    const bar = this.tty ? ` [${'#'.repeat(Math.round(fraction * BAR_CELLS)).padEnd(BAR_CELLS, '-')}]` : '';
    const where = `${this.current.target} (${this.current.index + 1}/${this.current.count})`;
    return `${percent}${bar} ${formatMegabytes(done)}/${formatMegabytes(total)} MB  ${formatMegabytes(speed)} MB/s  ETA ${eta}  ${where}`;
  }
}

function planLine(event: Extract<FetchProgress, { type: 'plan' }>): string {
  const here = event.doneBytes > 0 ? `, ${formatSize(event.doneBytes)} already here` : '';
  return `fetching ${event.model} into ${event.dir}: ${event.files} files, ${formatSize(event.totalBytes)}${here}`;
}

function startWords(event: Extract<FetchProgress, { type: 'file' }>): string {
  const size = event.size === undefined ? 'size unknown' : formatSize(event.size);
  return event.resumeFrom > 0 ? `resuming at ${formatSize(event.resumeFrom)} of ${size}` : `downloading ${size}`;
}

function verifiedWords(verified: 'sha256' | 'size' | 'none'): string {
  if (verified === 'sha256') return 'sha256 ok';
  if (verified === 'size') return 'size ok (no checksum known; sha256 recorded)';
  return 'complete (no size or checksum known; sha256 recorded)';
}
