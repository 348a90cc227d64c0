import { ParleyError } from '@parley/core';

/** Room names: 1–128 of letters, digits, `_ - . :` — safe in a URL path and in logs. */
const ROOM_NAME = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * Returns `name` when it is a valid room name.
 * @throws ParleyError INVALID_INPUT otherwise.
 */
export function assertRoomName(name: string): string {
  if (!ROOM_NAME.test(name)) {
    throw new ParleyError('INVALID_INPUT', `invalid room name ${JSON.stringify(name)}: use 1-128 of A-Z a-z 0-9 _ - . :`);
  }
  return name;
}
