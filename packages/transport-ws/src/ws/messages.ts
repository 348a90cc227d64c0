import type { WebSocket } from 'ws';
import type { ErrorCode, ParleyError } from '@parley/core';
import { closeCodeFor } from './close-codes.js';

/**
 * What every JSON message the server sends has: a `type`. Each endpoint's messages are a union
 * discriminated by it — `SpeechServerMessage`, `RoomServerMessage`, `ConversationServerMessage`.
 */
export interface OutboundMessage {
  readonly type: string;
}

/** Every endpoint's error message, `{type: "error", code, message}` (code as in ParleyError). */
export interface ErrorMessage {
  type: 'error';
  code: ErrorCode;
  message: string;
}

/** The {@link ErrorMessage} for `error`. */
export function errorMessage(error: ParleyError): ErrorMessage {
  return { type: 'error', code: error.code, message: error.message };
}

/** Sends `message` as a JSON text frame if the socket is still open. */
export function sendJson(ws: WebSocket, message: OutboundMessage): void {
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
