import { AccessToken } from 'livekit-server-sdk';
import { resolveCredentials, type ApiCredentials } from './credentials.js';

/** Options for {@link mintToken}. */
export interface MintTokenOptions extends Partial<ApiCredentials> {
  /** The participant identity (the token's `sub`). */
  identity: string;
  /** The room the token may join; without one it only opens the speech endpoints. */
  room?: string;
  /** May speak into `room`. Default false: a listener's token. */
  publish?: boolean;
  /** May listen to `room`. Default true. */
  subscribe?: boolean;
  /** Lifetime, in seconds or as a span such as `"10m"`. Default `"6h"`, LiveKit's default. */
  ttl?: number | string;
}

/**
 * Mints a LiveKit access token (a JWT signed with the API secret) that this server accepts, and a
 * LiveKit server signed with the same key accepts too. Credentials default as in
 * {@link resolveCredentials}. Behind the `parley token` CLI.
 *
 * @example
 * ```ts
 * const token = await mintToken({ identity: 'agent', room: 'lobby', publish: true });
 * new WebSocket(`ws://host:8080/v1/rooms/lobby?access_token=${token}`);
 * ```
 */
export async function mintToken(options: MintTokenOptions): Promise<string> {
  const { apiKey, apiSecret } = resolveCredentials(options);
  const token = new AccessToken(apiKey, apiSecret, { identity: options.identity, ttl: options.ttl ?? '6h' });
  if (options.room !== undefined) {
    token.addGrant({
      room: options.room,
      roomJoin: true,
      canPublish: options.publish ?? false,
      canSubscribe: options.subscribe ?? true,
    });
  }
  return token.toJwt();
}
