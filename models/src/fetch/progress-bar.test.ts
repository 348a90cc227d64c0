import { describe, expect, it } from 'vitest';
import type { FetchProgress } from './fetch-progress.js';
import { formatDuration, formatSize } from './format.js';
import { ProgressBar } from './progress-bar.js';
import { parseContentRange } from './transfer.js';

const MB = 1_000_000;

/** A stream that keeps what was written, and a clock the test moves. */
function harness(tty: boolean) {
  const written: string[] = [];
  const clock = { ms: 0 };
  const bar = new ProgressBar({ stream: { write: (text: string) => written.push(text), isTTY: tty, columns: 200 }, now: () => clock.ms });
  return { bar, written, clock };
}

const plan: FetchProgress = { type: 'plan', model: 'm', dir: '/d', files: 2, totalBytes: 100 * MB, doneBytes: 20 * MB };
const start: FetchProgress = { type: 'file', target: 'big.onnx', index: 1, count: 2, resumeFrom: 10 * MB, size: 90 * MB };
const bytes = (done: number, received: number): FetchProgress => ({
  type: 'bytes',
  target: 'big.onnx',
  doneBytes: done * MB,
  totalBytes: 100 * MB,
  receivedBytes: received * MB,
});

describe('ProgressBar', () => {
  it('on a terminal, redraws one line with percent, MB/MB, MB/s and ETA, counting only bytes received in this run', () => {
    const { bar, written, clock } = harness(true);
    bar.update(plan);
    bar.update(start);
    clock.ms = 2000;
    bar.update(bytes(60, 20)); // 20 MB in 2 s = 10 MB/s; 40 MB left = 4 s
    const last = written.at(-1)!;
    expect(last.startsWith('\r\u001b[2K')).toBe(true);
    expect(last).not.toContain('\n');
    expect(last).toMatch(/ 60% \[#{14}-{10}\] 60\.0\/100\.0 MB {2}10\.0 MB\/s {2}ETA 4s {2}big\.onnx \(2\/2\)/);
  });

  it('redraws at most once per interval, and keeps permanent lines above the bar', () => {
    const { bar, written, clock } = harness(true);
    bar.update(plan);
    bar.update(start);
    const drawn = written.length;
    clock.ms = 50;
    bar.update(bytes(30, 0.5));
    expect(written.length).toBe(drawn); // within 100 ms of the last draw
    bar.update({ type: 'notice', target: 'big.onnx', message: 'retrying in 1.0 s' });
    expect(written.slice(drawn)).toEqual(['\r\u001b[2K', '  big.onnx: retrying in 1.0 s\n', expect.stringMatching(/^\r\u001b\[2K +30%/)]);
    bar.finish();
    expect(written.at(-1)).toBe('\r\u001b[2K');
  });

  it('in a log, prints plain lines: one per file event and a progress line every 5 s', () => {
    const { bar, written, clock } = harness(false);
    bar.update(plan);
    bar.update({ type: 'present', target: 'small.onnx', size: 20 * MB });
    bar.update(start);
    for (let ms = 0; ms <= 10_000; ms += 1000) {
      clock.ms = ms;
      bar.update(bytes(10 + ms / 1000, ms / 1000));
    }
    bar.update({ type: 'file-done', target: 'big.onnx', size: 90 * MB, sha256: 'x', verified: 'sha256' });
    bar.finish();
    expect(written.every((line) => line.endsWith('\n') && !line.includes('\r'))).toBe(true);
    expect(written.slice(0, 3)).toEqual([
      'fetching m into /d: 2 files, 100.0 MB, 20.0 MB already here\n',
      '  small.onnx: already here (20.0 MB)\n',
      '  big.onnx (2/2): resuming at 10.0 MB of 90.0 MB\n',
    ]);
    expect(written.filter((line) => /% +\d+\.\d\/100\.0 MB/.test(line))).toHaveLength(3); // at 0, 5 and 10 s
    expect(written.at(-1)).toBe('  big.onnx: 90.0 MB, sha256 ok\n');
  });
});

describe('formatting', () => {
  it('sizes and durations', () => {
    expect([formatSize(812), formatSize(17_193), formatSize(12_600_000), formatSize(6_088_189_144)]).toEqual([
      '812 B',
      '17.2 kB',
      '12.6 MB',
      '6.09 GB',
    ]);
    expect([formatDuration(9), formatDuration(65), formatDuration(3725)]).toEqual(['9s', '1m05s', '1h02m']);
  });

  it('Content-Range headers', () => {
    expect(parseContentRange('bytes 100-199/1000')).toEqual({ start: 100, total: 1000 });
    expect(parseContentRange('bytes */1000')).toEqual({ total: 1000 });
    expect(parseContentRange('bytes 0-9/*')).toEqual({ start: 0 });
    expect(parseContentRange(null)).toBeUndefined();
  });
});
