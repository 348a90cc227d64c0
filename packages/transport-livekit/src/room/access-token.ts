import { ParleyError } from '@parley/core';
import { AccessToken } from 'livekit-server-sdk';

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
  /** Token lifetime, in seconds or as a span such as `"10m"`. Default `"1h"`. */
  ttl?: number | string;
}

/**
 * The access token to join with: `credentials.token` as given, else one minted with
 * livekit-server-sdk's `AccessToken`, granting `roomJoin`, `canPublish` and `canSubscribe` in
 * `room` to `identity`. Key and secret default to `LIVEKIT_API_KEY` / `LIVEKIT_API_SECRET` —
 * LiveKit's own variable names, as @parley/transport-ws uses.
 *
 * @throws ParleyError INVALID_INPUT without `identity` or `room`; UNAUTHORIZED without a key
 *   and secret.
 *
 * @example
 * ```ts
 * const token = await resolveAccessToken({ identity: 'parley-agent', room: 'lobby' });
 * ```
 */
export async function resolveAccessToken(
  credentials: RoomCredentials,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  if (credentials.token !== undefined) return credentials.token;
  const { identity, room } = credentials;
  if (!identity || !room) {
    throw new ParleyError('INVALID_INPUT', 'pass a token, or an identity and a room to mint one for');
  }
  const apiKey = credentials.apiKey ?? env.LIVEKIT_API_KEY;
  const apiSecret = credentials.apiSecret ?? env.LIVEKIT_API_SECRET;
  if (!apiKey || !apiSecret) {
    throw new ParleyError(
      'UNAUTHORIZED',
      'no token and no API key and secret to mint one: pass token, or apiKey and apiSecret, or set LIVEKIT_API_KEY and LIVEKIT_API_SECRET',
    );
  }
  const token = new AccessToken(apiKey, apiSecret, {
    identity,
    ttl: credentials.ttl ?? '1h',
    ...(credentials.name === undefined ? {} : { name: credentials.name }),
  });
  token.addGrant({ room, roomJoin: true, canPublish: true, canSubscribe: true });
  return token.toJwt();
}
