import { ParleyError } from '@parley/core';

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
export function resolveCredentials(
  given: Partial<ApiCredentials> = {},
  env: NodeJS.ProcessEnv = process.env,
): ApiCredentials {
  const apiKey = given.apiKey ?? env.LIVEKIT_API_KEY;
  const apiSecret = given.apiSecret ?? env.LIVEKIT_API_SECRET;
  if (!apiKey || !apiSecret) {
    throw new ParleyError(
      'UNAUTHORIZED',
      'no API key and secret: pass auth.apiKey and auth.apiSecret, set LIVEKIT_API_KEY and ' +
        'LIVEKIT_API_SECRET, or disable auth explicitly with auth: { disabled: true }',
    );
  }
  return { apiKey, apiSecret };
}
