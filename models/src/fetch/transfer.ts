import { ParleyError } from '@parley/core';
import { errorForStatus, transferError } from './http-errors.js';
import { discardBody, requestFile, type HubResponse } from './http-request.js';
import type { PartFile } from './part-file.js';
import { StallTimer } from './stall-timer.js';

/** One file's request, as {@link transferOnce} needs it. */
export interface TransferRequest {
  readonly url: string;
  /** Headers for the hub (authorization); Range and accept-encoding are added here. */
  readonly headers: Readonly<Record<string, string>>;
  /** Size the manifest promises; a server with another size is an out-of-date manifest. */
  readonly expectedSize?: number;
  /** Abort when no byte arrives for this long. */
  readonly stallTimeoutMs: number;
  readonly signal?: AbortSignal;
  /** Called after each chunk is written, with the part's new size and the file's size if known. */
  readonly onBytes?: (partBytes: number, totalSize: number | undefined) => void;
  /** Called when bytes already in the part are thrown away, with why. */
  readonly onRestart?: (reason: string) => void;
}

/** What one attempt learnt about the file. */
export interface TransferOutcome {
  /** The file's full size per the server. */
  readonly totalSize: number;
  /** The sha256 the hub announced for it, if any. */
  readonly announcedSha256?: string;
}

/**
 * One attempt to complete `part` from the server: asks for the bytes after what the part holds
 * (`Range: bytes=<have>-`), then appends until the body ends. A 206 from the right offset is
 * appended to; a 200 means the server ignored the Range, so the part restarts from byte 0; a 416
 * means there is nothing after `have`, so the part is complete if the server's total agrees.
 * Every failure is a ParleyError (see {@link transferError}); retrying is the caller's business.
 */
export async function transferOnce(part: PartFile, request: TransferRequest): Promise<TransferOutcome> {
  const timer = new StallTimer(request.stallTimeoutMs, new URL(request.url).host, request.signal);
  try {
    const headers = part.size > 0 ? { ...request.headers, range: `bytes=${part.size}-` } : request.headers;
    const hub = await requestFile(request.url, { headers, signal: timer.signal });
    const accepted = await accept(part, hub, request);
    if (accepted.complete) return { totalSize: part.size, ...announced(hub) };
    for await (const chunk of hub.response.body ?? []) {
      timer.touch();
      await part.append(chunk);
      request.onBytes?.(part.size, accepted.totalSize);
    }
    await checkLength(part, accepted.totalSize, request.url);
    return { totalSize: accepted.totalSize ?? part.size, ...announced(hub) };
  } catch (error) {
    throw transferError(timer.stalled ? timer.error() : error, request.url, request.signal?.aborted ?? false);
  } finally {
    timer.dispose();
  }
}

interface Accepted {
  readonly complete: boolean;
  readonly totalSize?: number;
}

/** Decides what the response means for the part; throws for anything but the file's bytes. */
async function accept(part: PartFile, hub: HubResponse, request: TransferRequest): Promise<Accepted> {
  const { response } = hub;
  if (response.status === 416 && part.size > 0) {
    await discardBody(response);
    const total = parseContentRange(response.headers.get('content-range'))?.total;
    if (total === undefined || total === part.size) return { complete: true };
    return restart(part, request, `the server refused to resume at byte ${part.size} of ${total}`);
  }
  const totalSize = sizeOf(response, hub);
  if (request.expectedSize !== undefined && totalSize !== undefined && totalSize !== request.expectedSize) {
    await discardBody(response);
    throw new ParleyError(
      'INTERNAL',
      `${request.url} has ${totalSize} bytes but the manifest says ${request.expectedSize}: the manifest entry is out of date`,
      { retryable: false },
    );
  }
  if (response.status === 206) {
    const start = parseContentRange(response.headers.get('content-range'))?.start;
    if (start !== part.size) return restart(part, request, `the server resumed at byte ${start} instead of ${part.size}`);
    return { complete: false, totalSize };
  }
  if (response.status === 200) {
    if (part.size > 0) await restartInPlace(part, request, 'the server ignored the Range request');
    return { complete: false, totalSize };
  }
  await discardBody(response);
  const hasToken = Object.keys(request.headers).some((name) => name.toLowerCase() === 'authorization');
  throw errorForStatus(response.status, request.url, hasToken);
}

/** The full file size a 200 or 206 declares. */
function sizeOf(response: Response, hub: HubResponse): number | undefined {
  if (response.status === 206) return parseContentRange(response.headers.get('content-range'))?.total;
  if (response.status !== 200) return undefined;
  const length = response.headers.get('content-length');
  if (length !== null && /^\d+$/.test(length)) return Number(length);
  return hub.announcedSize;
}

async function restartInPlace(part: PartFile, request: TransferRequest, reason: string): Promise<void> {
  request.onRestart?.(`${reason}; downloading from the start`);
  await part.reset();
}

/** Empties the part and fails the attempt, so the retry starts from byte 0. */
async function restart(part: PartFile, request: TransferRequest, reason: string): Promise<never> {
  await restartInPlace(part, request, reason);
  throw new ParleyError('INTERNAL', `${request.url}: ${reason}`, { retryable: true });
}

/** A body that ended early (a clean close before the declared size) is a retryable failure. */
async function checkLength(part: PartFile, totalSize: number | undefined, url: string): Promise<void> {
  if (totalSize === undefined || part.size === totalSize) return;
  if (part.size > totalSize) {
    await part.reset();
    throw new ParleyError('INTERNAL', `${url} sent more than its ${totalSize} bytes; starting over`, { retryable: true });
  }
  throw new ParleyError('INTERNAL', `${url}: the connection closed at byte ${part.size} of ${totalSize}`, { retryable: true });
}

/**
 * Parses a Content-Range header: `bytes 100-199/1000` gives start 100 and total 1000; the
 * unsatisfied-range form (a star instead of the range, as in a 416) gives only the total; a star
 * total is left undefined.
 */
export function parseContentRange(header: string | null): { start?: number; total?: number } | undefined {
  const match = header === null ? null : /^bytes (?:(\d+)-\d+|\*)\/(\d+|\*)$/.exec(header.trim());
  if (!match) return undefined;
  const range: { start?: number; total?: number } = {};
  if (match[1] !== undefined) range.start = Number(match[1]);
  if (match[2] !== '*') range.total = Number(match[2]);
  return range;
}

function announced(hub: HubResponse): { announcedSha256?: string } {
  return hub.announcedSha256 ? { announcedSha256: hub.announcedSha256 } : {};
}
