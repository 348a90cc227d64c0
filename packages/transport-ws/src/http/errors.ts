import type { ServerResponse } from 'node:http';
import type { ErrorCode, ParleyError } from '@parley/core';

/** The HTTP status for an error code: 4xx for the caller's fault, 429/503 to retry, 500 otherwise. */
export function httpStatus(code: ErrorCode): number {
  switch (code) {
    case 'INVALID_INPUT':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'MODEL_NOT_FOUND':
      return 404;
    case 'OVERLOADED':
      return 429;
    case 'MODEL_LOAD_FAILED':
    case 'DEVICE_UNAVAILABLE':
    case 'CANCELLED': // only seen by a caller when the server is shutting down
      return 503;
    default:
      return 500;
  }
}

/**
 * Answers with `error` as OpenAI-style JSON, `{error: {code, message}}`, and the status for its
 * code unless `status` is given. Only before the headers are sent: afterwards a failure must
 * abort the response instead (see the speech endpoint).
 */
export function sendError(res: ServerResponse, error: ParleyError, status = httpStatus(error.code)): void {
  const body = JSON.stringify({ error: { code: error.code, message: error.message } });
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  };
  if (error.code === 'OVERLOADED') headers['Retry-After'] = 1;
  res.writeHead(status, headers).end(body);
}

/** Answers with a small JSON document. */
export function sendJson(res: ServerResponse, status: number, document: unknown): void {
  const body = JSON.stringify(document);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
}
