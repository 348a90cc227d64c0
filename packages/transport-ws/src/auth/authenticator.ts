import type { IncomingMessage } from 'node:http';
import { TokenVerifier } from 'livekit-server-sdk';
import { ParleyError } from '@parley/core';
import { parseRequestTarget } from '../http/request-target.js';
import { resolveCredentials, type ApiCredentials } from '@parley/core/tokens';
import { ANONYMOUS, type Principal } from './principal.js';

/**
 * How the server checks callers: LiveKit access tokens signed with an API key and secret (see
 * {@link resolveCredentials} for the defaults), or nothing at all when `disabled` is set —
 * which must be said explicitly, and makes the server log a warning when it starts.
 */
export type AuthOptions = { disabled: true } | (Partial<ApiCredentials> & { disabled?: false });

/** Seconds of clock skew tolerated on `nbf` / `exp`. */
const CLOCK_TOLERANCE_S = 10;

/** Verifies the token a request carries and turns it into a {@link Principal}. */
export class Authenticator {
  /** Whether every caller is let in (auth disabled). */
  readonly disabled: boolean;
  private readonly verifier: TokenVerifier | undefined;

  /** @throws ParleyError UNAUTHORIZED when auth is on and no credentials are found. */
  constructor(options: AuthOptions = {}) {
    this.disabled = options.disabled === true;
    if (options.disabled !== true) {
      const { apiKey, apiSecret } = serverCredentials(options);
      this.verifier = new TokenVerifier(apiKey, apiSecret);
    }
  }

  /**
   * The caller of `request`. The token is read from `Authorization: Bearer <jwt>` or, because a
   * browser cannot set headers on a WebSocket, from the `access_token` query parameter.
   * @throws ParleyError UNAUTHORIZED when the token is missing, malformed, expired or not ours.
   */
  async authenticate(request: IncomingMessage): Promise<Principal> {
    if (!this.verifier) return ANONYMOUS;
    const token = tokenOf(request);
    if (!token) throw new ParleyError('UNAUTHORIZED', 'missing access token (Authorization: Bearer or ?access_token=)');
    try {
      const claims = await this.verifier.verify(token, CLOCK_TOLERANCE_S);
      const video = claims.video ?? {};
      return {
        identity: claims.sub ?? '',
        ...(video.room === undefined ? {} : { room: video.room }),
        roomJoin: video.roomJoin === true,
        canPublish: video.canPublish !== false,
        canSubscribe: video.canSubscribe !== false,
        ...(claims.exp === undefined ? {} : { expiresAt: (claims.exp + CLOCK_TOLERANCE_S) * 1000 }),
      };
    } catch (error) {
      throw new ParleyError('UNAUTHORIZED', 'invalid access token', { cause: error });
    }
  }
}

/** The credentials to verify with; without any, the error says how to run without auth. */
function serverCredentials(options: Partial<ApiCredentials>): ApiCredentials {
  try {
    return resolveCredentials(options);
  } catch (error) {
    const message = `${(error as Error).message}, or disable auth explicitly with auth: { disabled: true }`;
    throw new ParleyError('UNAUTHORIZED', message, { cause: error });
  }
}

function tokenOf(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer) return bearer;
  return parseRequestTarget(request.url)?.query.get('access_token') || undefined;
}
