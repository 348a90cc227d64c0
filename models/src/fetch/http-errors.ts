import { ParleyError, errorForHttpStatus, isParleyError } from '@parley/core';

/** File-system failures that another attempt cannot fix (unlike a dropped connection). */
const PERMANENT_FS_CODES = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EISDIR', 'ENOTDIR']);

/**
 * The error for a hub response that is not the file: MODEL_NOT_FOUND for 404, UNAUTHORIZED for
 * 401/403 (with what to do about it), and otherwise as core's one status table reads it
 * (`errorForHttpStatus`: 429 and 503 OVERLOADED, 408 and 5xx INTERNAL, all retryable).
 */
export function errorForStatus(status: number, url: string, hasToken: boolean): ParleyError {
  if (status === 404) {
    return new ParleyError('MODEL_NOT_FOUND', `${url} answered 404: no such repo, revision or file (check the manifest entry)`);
  }
  if (status === 401 || status === 403) {
    const hint = hasToken
      ? "HF_TOKEN is set but was refused: check that it is valid and that you accepted the model's terms on the hub"
      : 'the repo may be gated or private: set HF_TOKEN to a Hugging Face access token';
    return new ParleyError('UNAUTHORIZED', `${url} answered ${status}; ${hint}`);
  }
  return errorForHttpStatus(status, `${url} answered ${status}`);
}

/**
 * Any failure of a transfer attempt as a ParleyError: cancellation by the caller is CANCELLED,
 * a ParleyError passes through, a disk that is full or read-only is INTERNAL and final, and
 * anything else (reset, refused, DNS, TLS, premature close) is a retryable network error.
 */
export function transferError(error: unknown, url: string, cancelled: boolean): ParleyError {
  if (cancelled) return new ParleyError('CANCELLED', `download of ${url} cancelled; run again to resume`, { cause: error });
  if (isParleyError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && PERMANENT_FS_CODES.has(code)) {
    return new ParleyError('INTERNAL', `cannot write the download: ${(error as Error).message}`, { retryable: false, cause: error });
  }
  return new ParleyError('NETWORK', `network error fetching ${url}: ${describe(error)}`, { retryable: true, cause: error });
}

/** undici reports "fetch failed" / "terminated" and puts the useful part in `cause`. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/**
 * `error` as thrown, except that anything other than a ParleyError thrown after `signal` aborted
 * (an AbortError from reading or hashing a file, say) becomes CANCELLED, so a caller sees one
 * code for a cancel whatever step it interrupted.
 */
export function asCancelled(error: unknown, signal: AbortSignal | undefined): unknown {
  if (!signal?.aborted || isParleyError(error)) return error;
  return new ParleyError('CANCELLED', 'download cancelled; run again to resume', { cause: error });
}
