import { ParleyError, errorCodeForHttpStatus, errorForHttpStatus, isParleyError } from '@parley/core';

/**
 * How rtc-node's `ConnectError` messages read (0.13.35, seen here against a closed port and a
 * loopback HTTP server answering the WebSocket upgrade with each status):
 *
 * - closed port: `engine: signal failure: transport connection error: IO error: Connection refused (os error 111)` (~80–110 ms)
 * - 401: `engine: signal failure: client error: 401 Unauthorized - invalid token: token is expired`
 * - 403: `engine: signal failure: client error: 403 Forbidden - no permissions to access the room`
 * - 404: `engine: signal failure: client error: 404 Not Found - not found`
 * - 500: `engine: signal failure: server error: 500 Internal Server Error - boom`
 * - no answer: `engine: signal failure: transport timed out` (after ~16 s)
 * - `not a url`: `engine: signal failure: failed to parse the url: relative URL without a base`
 */
const UNAUTHORIZED = /unauthori[sz]ed|forbidden|invalid token|token is expired/i;
const BAD_URL = /parse the url|invalid url|relative url|url scheme/i;
/** The status of the signal server's answer, as rtc-node words it. */
const STATUS = /(?:client|server) error: (\d{3})\b/;

/**
 * Turns a failure to join a LiveKit room into a ParleyError with a message that names the URL.
 * A status the signal server answered is read by core's one table (`errorForHttpStatus`):
 *
 * | failure | code | retryable |
 * |---|---|---|
 * | 401 / 403 (bad, expired or under-granted token) | UNAUTHORIZED | no |
 * | unparsable URL, or 404 (no LiveKit server there: the URL is wrong) | INVALID_INPUT | no |
 * | 429, 503 | OVERLOADED | yes |
 * | refused, unreachable, timed out, other 5xx, anything else | INTERNAL | yes |
 *
 * Transport failures are INTERNAL with `retryable: true`: core's codes have no "upstream
 * unavailable", and DEVICE_UNAVAILABLE means a local device (GPU), not a server.
 * A ParleyError passes through unchanged.
 */
export function toConnectionError(error: unknown, url: string): ParleyError {
  if (isParleyError(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  const reason = detail.replace(/^engine: signal failure: /, '');
  const status = Number(STATUS.exec(detail)?.[1] ?? Number.NaN);
  const options = { cause: error };
  if (BAD_URL.test(detail) || status === 404) {
    return new ParleyError('INVALID_INPUT', `no LiveKit server at ${url}: ${reason}`, options);
  }
  const refused = Number.isNaN(status) ? UNAUTHORIZED.test(detail) : errorCodeForHttpStatus(status) === 'UNAUTHORIZED';
  if (refused) return new ParleyError('UNAUTHORIZED', `LiveKit at ${url} refused the token: ${reason}`, options);
  if (!Number.isNaN(status)) return errorForHttpStatus(status, `LiveKit at ${url} answered ${status}: ${reason}`, options);
  return new ParleyError('INTERNAL', `cannot reach LiveKit at ${url}: ${reason}`, { ...options, retryable: true });
}
