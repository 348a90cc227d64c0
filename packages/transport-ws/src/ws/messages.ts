import type { WebSocket } from 'ws';
import { type ParleyError } from '@parley/core';
import { closeCodeFor } from './close-codes.js';

/** A JSON message the server sends: always an object with a `type`. */
export interface ServerMessage {
  type: string;
  [field: string]: unknown;
}

/** The error message of every endpoint: `{type: "error", code, message}` (code as in ParleyError). */
export function errorMessage(error: ParleyError): ServerMessage {
  return { type: 'error', code: error.code, message: error.message };
}

/** Sends `message` as a JSON text frame if the socket is still open. */
export function sendJson(ws: WebSocket, message: ServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

/**
 * Tells the client why, then closes with `closeCode` (by default the one that mirrors the
 * error's HTTP status): the one way a fatal error ends a socket.
 */
export function closeWithError(ws: WebSocket, error: ParleyError, closeCode = closeCodeFor(error)): void {
  sendJson(ws, errorMessage(error));
  if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(closeCode, error.code);
}
