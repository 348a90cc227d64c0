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
  /** No valid access token (error code UNAUTHORIZED). Like HTTP 401. */
  UNAUTHORIZED: 4401,
  /** A valid token without the grant this endpoint needs (error code UNAUTHORIZED). Like HTTP 403. */
  FORBIDDEN: 4403,
  /** Nothing happened on the connection for the idle timeout. Like HTTP 408. */
  IDLE_TIMEOUT: 4408,
  /** Too many sessions or listeners (error code OVERLOADED). Like HTTP 429. */
  OVERLOADED: 4429,
} as const;
