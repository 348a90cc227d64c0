import { ParleyError } from '@parley/core';
import { parseRequestTarget } from '../http/request-target.js';
import { assertRoomName } from '../rooms/room-name.js';

/** The WebSocket paths. */
export const WS_PATHS = { speechStream: '/v1/audio/speech/stream', roomPrefix: '/v1/rooms/', conversation: '/v1/conversation' } as const;

/** Which WebSocket endpoint an upgrade request is for. */
export type WsRoute = { kind: 'speech' } | { kind: 'room'; room: string } | { kind: 'conversation' };

/**
 * The endpoint of an upgrade URL, or undefined for no endpoint.
 * @throws ParleyError INVALID_INPUT for a malformed target or a room path with an invalid room name.
 */
export function wsRoute(url: string | undefined): WsRoute | undefined {
  const target = parseRequestTarget(url);
  if (!target) throw new ParleyError('INVALID_INPUT', 'malformed request target');
  const { pathname } = target;
  if (pathname === WS_PATHS.speechStream) return { kind: 'speech' };
  if (pathname === WS_PATHS.conversation) return { kind: 'conversation' };
  if (!pathname.startsWith(WS_PATHS.roomPrefix)) return undefined;
  return { kind: 'room', room: assertRoomName(decodePath(pathname.slice(WS_PATHS.roomPrefix.length))) };
}

function decodePath(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ParleyError('INVALID_INPUT', 'malformed percent-encoding in the room name');
  }
}
