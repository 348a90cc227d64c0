import type { ParleyError } from '@parley/core';
import { statusFor } from '../http/errors.js';

/**
 * WebSocket close codes the server uses. 4000–4999 is the range RFC 6455 leaves to
 * applications; ours mirror the HTTP status a REST caller would get for the same reason.
 * Every close for a reason the client should know about is preceded by an
 * `{type: "error", code, message}` message.
 */
export const CloseCode = {
  /** The client asked to end (`session.close`). */
  NORMAL: 1000,
  /** The server is shutting down. */
  GOING_AWAY: 1001,
  /** A refused first `session.config` (error code INVALID_INPUT). Like HTTP 400. */
  BAD_REQUEST: 4400,
  /** No valid access token, or it expired (error code UNAUTHORIZED). Like HTTP 401. */
  UNAUTHORIZED: 4401,
  /** A valid token without the grant this endpoint needs (error code UNAUTHORIZED). Like HTTP 403. */
  FORBIDDEN: 4403,
  /** No `session.config` in time, or nothing happened for the idle timeout. Like HTTP 408. */
  IDLE_TIMEOUT: 4408,
  /** Too many sessions or listeners (error code OVERLOADED). Like HTTP 429. */
  OVERLOADED: 4429,
} as const;

/**
 * The close code for a socket ended by `error`: 4000 + the HTTP status a REST caller would get
 * for it (see `statusFor`: 4400, 4401, 4403, 4404, 4429), or 1011 (internal error) for a
 * server-side fault.
 */
export function closeCodeFor(error: ParleyError): number {
  const status = statusFor(error);
  return status < 500 ? 4000 + status : 1011;
}
