import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ParleyError, retry, type RetryOptions } from '@parley/core';
import { asCancelled } from './http-errors.js';
import { PartFile } from './part-file.js';
import { transferOnce, type TransferOutcome } from './transfer.js';

/**
 * Default quiet period before a connection counts as stalled. Long enough for a slow CDN edge to
 * start a multi-GB file, short enough that a dead connection is noticed while someone is watching.
 */
const DEFAULT_STALL_TIMEOUT_MS = 30_000;

/**
 * 5 attempts over roughly 1 + 2 + 4 + 8 s: enough to ride out a CDN hiccup or a dropped Wi-Fi
 * without making a wrong URL take minutes to report.
 */
const DEFAULT_RETRY: RetryOptions = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 15_000 };

/** What {@link downloadFile} reports as it goes. */
export type FileProgress =
  | { readonly type: 'start'; readonly resumeFrom: number }
  | { readonly type: 'bytes'; readonly bytes: number; readonly size?: number }
  | { readonly type: 'restart'; readonly reason: string }
  | { readonly type: 'retry'; readonly error: ParleyError; readonly delayMs: number };

/** Options of {@link downloadFile}. */
export interface DownloadFileOptions {
  readonly url: string;
  /** Final path; the download goes to `<dest>.part` until it is verified. */
  readonly dest: string;
  readonly expectedSize?: number;
  /** Lower-case hex; when absent, the sha256 the hub announces (X-Linked-Etag), if any, is used. */
  readonly expectedSha256?: string;
  /** Extra request headers, e.g. authorization. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Cancels the download with CANCELLED; the `.part` stays, to resume from. */
  readonly signal?: AbortSignal;
  readonly stallTimeoutMs?: number;
  readonly retry?: RetryOptions;
  readonly onProgress?: (event: FileProgress) => void;
}

/** A verified, downloaded file. */
export interface DownloadedFile {
  readonly size: number;
  readonly sha256: string;
  /** What the file was checked against: a known sha256, only a known size, or nothing. */
  readonly verified: 'sha256' | 'size' | 'none';
  /** Bytes that were already in `<dest>.part` and were not downloaded again. */
  readonly resumedFrom: number;
}

/**
 * Downloads `url` to `dest`: streams into `<dest>.part` while hashing, resumes an existing part
 * with a Range request, retries network failures with backoff (never forever, never stuck: a
 * connection quiet for `stallTimeoutMs` is dropped), checks the size and sha256, and only then
 * renames the part to `dest`, so `dest` never holds a partial or wrong file.
 *
 * A checksum mismatch deletes the part. If it was a resumed part (possibly damaged on disk by an
 * earlier crash), the file is downloaded once more from byte 0 before giving up.
 *
 * @example
 * ```ts
 * const file = await downloadFile({ url, dest: '/models/q/config.json', signal: AbortSignal.timeout(60_000) });
 * console.log(file.sha256);
 * ```
 */
export async function downloadFile(options: DownloadFileOptions): Promise<DownloadedFile> {
  try {
    return await downloadVerified(options);
  } catch (error) {
    throw asCancelled(error, options.signal);
  }
}

async function downloadVerified(options: DownloadFileOptions): Promise<DownloadedFile> {
  await mkdir(dirname(options.dest), { recursive: true });
  const first = await downloadOnce(options);
  if (first.ok) return first.file;
  if (first.resumedFrom === 0) throw first.error;
  options.onProgress?.({ type: 'restart', reason: `${first.error.message}; downloading from the start` });
  const second = await downloadOnce(options);
  if (second.ok) return second.file;
  throw second.error;
}

type Attempt = { ok: true; file: DownloadedFile } | { ok: false; error: ParleyError; resumedFrom: number };

async function downloadOnce(options: DownloadFileOptions): Promise<Attempt> {
  const partPath = `${options.dest}.part`;
  const part = await PartFile.open(partPath, options.signal);
  try {
    if (options.expectedSize !== undefined && part.size > options.expectedSize) await part.reset();
    const resumedFrom = part.size;
    options.onProgress?.({ type: 'start', resumeFrom: resumedFrom });
    const outcome = await fill(part, options);
    const [size, sha256] = [part.size, part.sha256()];
    await part.close();
    const checked = check(options, size, sha256, outcome.announcedSha256);
    if (typeof checked !== 'string') {
      await rm(partPath, { force: true });
      return { ok: false, error: checked, resumedFrom };
    }
    await rename(partPath, options.dest);
    return { ok: true, file: { size, sha256, verified: checked, resumedFrom } };
  } finally {
    await part.close();
    // An empty part resumes nothing: none is left behind for a failed fetch (or `models list`) to count.
    if (part.size === 0) await rm(partPath, { force: true });
  }
}

/** Transfers until the part is complete; no request at all when it already has the known size. */
async function fill(part: PartFile, options: DownloadFileOptions): Promise<Partial<TransferOutcome>> {
  if (options.expectedSize !== undefined && part.size === options.expectedSize) return {};
  const { onProgress, expectedSize } = options;
  const request = {
    url: options.url,
    headers: options.headers ?? {},
    stallTimeoutMs: options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS,
    ...(expectedSize === undefined ? {} : { expectedSize }),
    ...(options.signal ? { signal: options.signal } : {}),
    onBytes: (bytes: number, total: number | undefined) => {
      const size = expectedSize ?? total;
      onProgress?.({ type: 'bytes', bytes, ...(size === undefined ? {} : { size }) });
    },
    onRestart: (reason: string) => onProgress?.({ type: 'restart', reason }),
  };
  const onRetry = (error: ParleyError, delayMs: number) => onProgress?.({ type: 'retry', error, delayMs });
  const hooks = { onRetry, ...(options.signal ? { signal: options.signal } : {}) };
  return retry(() => transferOnce(part, request), { ...DEFAULT_RETRY, ...options.retry }, hooks);
}

/** How the file was verified, or the error saying why it is wrong. */
function check(options: DownloadFileOptions, size: number, sha256: string, announced?: string): DownloadedFile['verified'] | ParleyError {
  if (options.expectedSize !== undefined && size !== options.expectedSize) {
    return mismatch(options.dest, 'size', String(options.expectedSize), String(size));
  }
  const expected = options.expectedSha256 ?? announced;
  if (expected !== undefined && sha256 !== expected) return mismatch(options.dest, 'sha256', expected, sha256);
  if (expected !== undefined) return 'sha256';
  return options.expectedSize === undefined ? 'none' : 'size';
}

function mismatch(dest: string, what: string, expected: string, got: string): ParleyError {
  return new ParleyError(
    'INTERNAL',
    `${dest}: ${what} mismatch (expected ${expected}, got ${got}); the download was deleted, run again to fetch it afresh`,
    { retryable: true },
  );
}
