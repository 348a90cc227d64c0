import type { WebSocket } from 'ws';
import { ParleyError, toParleyError } from '@parley/core';
import { tokenExpired, whenExpired } from '../auth/expiry.js';
import { GrantError, mayListen, type Principal } from '../auth/principal.js';
import { closeWithError, errorMessage, sendJson } from '../ws/messages.js';
import type { RoomHub } from './room-hub.js';

/**
 * Runs `WS /v1/rooms/:room` on an accepted, authenticated socket: a token without roomJoin and
 * canSubscribe for this room is answered UNAUTHORIZED and closed 4403; past `maxListeners`,
 * OVERLOADED and 4429. Otherwise the socket joins the room at its live edge, until its token
 * expires (UNAUTHORIZED, 4401). Listeners only
 * listen: a message from one is answered with an error and otherwise ignored.
 */
export function acceptRoomListener(ws: WebSocket, room: string, principal: Principal, rooms: RoomHub): void {
  if (!mayListen(principal, room)) {
    return closeWithError(ws, new GrantError(`this token may not listen to room ${room} (needs roomJoin and canSubscribe)`));
  }
  try {
    rooms.join(room, ws, principal.identity);
  } catch (error) {
    return closeWithError(ws, toParleyError(error));
  }
  const stopExpiry = whenExpired(principal, () => closeWithError(ws, tokenExpired()));
  ws.once('close', stopExpiry);
  ws.on('message', () => sendJson(ws, errorMessage(new ParleyError('INVALID_INPUT', 'room listeners do not send messages'))));
}
