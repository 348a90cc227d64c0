import { ParleyError } from '@parley/core';

/**
 * Who is calling and what they may do, read from a verified LiveKit access token's video grant.
 * LiveKit's rules apply: `roomJoin` with `room` names the one room the caller may enter, and
 * `canPublish` / `canSubscribe` count as granted when the token leaves them out (LiveKit
 * server treats an unset flag as true); only an explicit `false` takes the right away.
 */
export interface Principal {
  /** The token's `sub` (participant identity); `"anonymous"` when auth is disabled. */
  identity: string;
  /** The room the token may join, if any. */
  room?: string;
  /** Whether the token may join `room`. */
  roomJoin: boolean;
  /** May speak into `room` (a speech session with `room` in its config). */
  canPublish: boolean;
  /** May listen to `room`. */
  canSubscribe: boolean;
  /** Auth is disabled: every room, every right. */
  unrestricted?: boolean;
  /**
   * When the token stops being valid (ms since the epoch, clock tolerance included); absent for
   * a token without `exp`, and with auth disabled. A connection it opened ends then.
   */
  expiresAt?: number;
}

/** The principal of every caller when auth is disabled. */
export const ANONYMOUS: Readonly<Principal> = {
  identity: 'anonymous',
  roomJoin: true,
  canPublish: true,
  canSubscribe: true,
  unrestricted: true,
};

/** Whether `principal` may listen to `room`: roomJoin for that room and canSubscribe. */
export function mayListen(principal: Principal, room: string): boolean {
  return principal.unrestricted === true || (joins(principal, room) && principal.canSubscribe);
}

/** Whether `principal` may speak into `room`: roomJoin for that room and canPublish. */
export function mayPublish(principal: Principal, room: string): boolean {
  return principal.unrestricted === true || (joins(principal, room) && principal.canPublish);
}

/**
 * Whether `principal` may run the engine (speech stream or REST speech): its token's
 * `canPublish`. Speaking is publishing; a listener's token (`parley token --room R` without
 * `--publish`) only listens. A token without a video grant counts as granted, as in LiveKit.
 */
function maySpeak(principal: Principal): boolean {
  return principal.unrestricted === true || principal.canPublish;
}

/**
 * A valid token without the grant an endpoint needs: UNAUTHORIZED, answered HTTP 403 and
 * WebSocket close 4403 (a missing or bad token is 401 / 4401).
 */
export class GrantError extends ParleyError {
  constructor(message: string) {
    super('UNAUTHORIZED', message);
  }
}

/** @throws GrantError unless `principal` {@link maySpeak}. */
export function assertMaySpeak(principal: Principal): void {
  if (!maySpeak(principal)) {
    throw new GrantError(`this token (${principal.identity}) may only listen: speaking needs a token with canPublish`);
  }
}

function joins(principal: Principal, room: string): boolean {
  return principal.roomJoin && principal.room === room;
}
