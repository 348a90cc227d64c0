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

function joins(principal: Principal, room: string): boolean {
  return principal.roomJoin && principal.room === room;
}
