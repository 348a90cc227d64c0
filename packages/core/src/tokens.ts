/**
 * `@parley/core/tokens`: LiveKit access tokens, the one minter every parley part uses — the
 * speech server's `parley token`, an agent joining a LiveKit room, tests. A subpath of its own so
 * that only what mints or verifies tokens loads livekit-server-sdk (an optional peer dependency).
 * @packageDocumentation
 */
import { AccessToken } from 'livekit-server-sdk';
import { ParleyError } from './errors.js';

/** An API key and its secret: the pair that signs and verifies access tokens. */
export interface ApiCredentials {
  apiKey: string;
  apiSecret: string;
}

/**
 * The credentials to use: the ones given, else `LIVEKIT_API_KEY` / `LIVEKIT_API_SECRET` from the
 * environment. LiveKit's own variable names, so one pair of secrets serves a deployment's
 * LiveKit server, its agents and parley, and a token minted for one is valid for the others.
 * @throws ParleyError UNAUTHORIZED when either half is missing: auth is never off by accident.
 */
export function resolveCredentials(given: Partial<ApiCredentials> = {}, env: NodeJS.ProcessEnv = process.env): ApiCredentials {
  const apiKey = given.apiKey ?? env.LIVEKIT_API_KEY;
  const apiSecret = given.apiSecret ?? env.LIVEKIT_API_SECRET;
  if (!apiKey || !apiSecret) {
    throw new ParleyError(
      'UNAUTHORIZED',
      'no API key and secret: pass apiKey and apiSecret, or set LIVEKIT_API_KEY and LIVEKIT_API_SECRET',
    );
  }
  return { apiKey, apiSecret };
}

/** Options for {@link mintToken}. */
export interface MintTokenOptions extends Partial<ApiCredentials> {
  /** The participant identity (the token's `sub`). */
  identity: string;
  /** A display name for the participant. */
  name?: string;
  /** The room the token may join; without one it only opens parley's speech endpoints. */
  room?: string;
  /** May speak (publish) into `room`. Default false: a listener's token. */
  publish?: boolean;
  /** May listen to (subscribe in) `room`. Default true. */
  subscribe?: boolean;
  /** Lifetime, in seconds or as a span such as `"10m"`. Default `"6h"`, LiveKit's default. */
  ttl?: number | string;
}

/**
 * Mints a LiveKit access token (a JWT signed with the API secret) that parley's speech server
 * accepts, and a LiveKit server signed with the same key accepts too. With a `room` it grants
 * `roomJoin` there, `canSubscribe` unless `subscribe: false`, and `canPublish` only with
 * `publish: true`. Credentials default as in {@link resolveCredentials}.
 * @throws ParleyError INVALID_INPUT for a `ttl` that is not a lifetime; UNAUTHORIZED without a key and secret.
 *
 * @example
 * ```ts
 * const token = await mintToken({ identity: 'agent', room: 'lobby', publish: true });
 * new WebSocket(`ws://host:8080/v1/rooms/lobby?access_token=${token}`);
 * ```
 */
export async function mintToken(options: MintTokenOptions, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { identity, name, room, ttl = '6h' } = options;
  checkTtl(ttl);
  const { apiKey, apiSecret } = resolveCredentials(options, env);
  const token = new AccessToken(apiKey, apiSecret, { identity, ttl, ...(name === undefined ? {} : { name }) });
  if (room !== undefined) {
    token.addGrant({ room, roomJoin: true, canPublish: options.publish ?? false, canSubscribe: options.subscribe ?? true });
  }
  return token.toJwt();
}

/** The spans the token library's `ttl` accepts, positive ones only: `90`, `"10m"`, `"6 hours"`. */
const TTL_SPAN = /^\d+(\.\d+)? ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)$/i;

function checkTtl(ttl: number | string): void {
  // A negative number of seconds is a token already expired: what tests of expiry need.
  const valid = typeof ttl === 'number' ? Number.isFinite(ttl) && ttl !== 0 : TTL_SPAN.test(ttl.trim());
  if (!valid) {
    throw new ParleyError(
      'INVALID_INPUT',
      `ttl must be a number of seconds or a span such as "10m", "6h" or "7d", got ${JSON.stringify(ttl)}`,
    );
  }
}
