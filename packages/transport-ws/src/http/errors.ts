import type { ServerResponse } from 'node:http';
import { httpStatusOf, type ParleyError } from '@parley/core';
import { GrantError } from '../auth/principal.js';
import { BodyTooLargeError } from './read-json.js';

/**
 * The HTTP status this server answers `error` with: its code's, from core's one table
 * (`httpStatusOf`), except two that say more than their code: 403 for a valid token without the
 * grant (a {@link GrantError}), 413 for a body too large. WebSocket close codes follow it.
 */
export function statusFor(error: ParleyError): number {
  if (error instanceof GrantError) return 403;
  if (error instanceof BodyTooLargeError) return 413;
  return httpStatusOf(error.code);
}

/**
 * Answers with `error` as OpenAI-style JSON, `{error: {code, message}}`, and the status for its
 * code unless `status` is given. Only before the headers are sent: afterwards a failure must
 * abort the response instead (see the speech endpoint).
 */
export function sendError(res: ServerResponse, error: ParleyError, status = statusFor(error)): void {
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
