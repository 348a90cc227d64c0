import { ParleyError } from '@parley/core';
import { mintToken } from '@parley/core/tokens';

/** Who joins, and how: a token, or what is needed to mint one. */
export interface RoomCredentials {
  /** A ready access token (JWT). When given, nothing is minted and the fields below are unused. */
  token?: string;
  /** API key; default `LIVEKIT_API_KEY`. */
  apiKey?: string;
  /** API secret; default `LIVEKIT_API_SECRET`. */
  apiSecret?: string;
  /** The participant identity to mint a token for. */
  identity?: string;
  /** The room to mint a token for. */
  room?: string;
  /** A display name for the participant. */
  name?: string;
  /** Token lifetime, in seconds or as a span such as `"10m"`. Default core's `mintToken`'s, `"6h"`. */
  ttl?: number | string;
}

/**
 * The access token to join with: `credentials.token` as given, else one minted by core's
 * `mintToken` (`@parley/core/tokens`), granting `roomJoin`, `canPublish` and `canSubscribe` in
 * `room` to `identity`. Key and secret default to `LIVEKIT_API_KEY` / `LIVEKIT_API_SECRET`.
 *
 * @throws ParleyError INVALID_INPUT without `identity` or `room`; UNAUTHORIZED without a key
 *   and secret.
 *
 * @example
 * ```ts
 * const token = await resolveAccessToken({ identity: 'parley-agent', room: 'lobby' });
 * ```
 */
export async function resolveAccessToken(credentials: RoomCredentials, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { token, identity, room, ...rest } = credentials;
  if (token !== undefined) return token;
  if (!identity || !room) {
    throw new ParleyError('INVALID_INPUT', 'pass a token, or an identity and a room to mint one for');
  }
  return mintToken({ ...rest, identity, room, publish: true }, env);
}
