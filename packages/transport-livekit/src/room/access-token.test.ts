import { isParleyError } from '@parley/core';
import { TokenVerifier } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { resolveAccessToken } from './access-token.js';

const KEY = 'devkey';
const SECRET = 'a-secret-of-at-least-thirty-two-characters';

describe('resolveAccessToken', () => {
  it('uses a given token as it is', async () => {
    expect(await resolveAccessToken({ token: 'given.jwt.token', identity: 'ignored' })).toBe('given.jwt.token');
  });

  it('mints a token that joins, publishes and subscribes in the room, for the identity', async () => {
    const token = await resolveAccessToken({ apiKey: KEY, apiSecret: SECRET, identity: 'agent', room: 'lobby', name: 'Parley' });
    const claims = await new TokenVerifier(KEY, SECRET).verify(token);
    expect(claims.sub).toBe('agent');
    expect(claims.name).toBe('Parley');
    expect(claims.video).toMatchObject({ room: 'lobby', roomJoin: true, canPublish: true, canSubscribe: true });
  });

  it('takes the key and secret from LIVEKIT_API_KEY and LIVEKIT_API_SECRET', async () => {
    const env = { LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET };
    const token = await resolveAccessToken({ identity: 'agent', room: 'lobby', ttl: 60 }, env);
    const claims = await new TokenVerifier(KEY, SECRET).verify(token);
    expect(claims.exp! - claims.nbf!).toBe(60);
  });

  it('is UNAUTHORIZED without a key and secret, and INVALID_INPUT without an identity or room', async () => {
    const noKey = await resolveAccessToken({ identity: 'a', room: 'r' }, {}).catch((e: unknown) => e);
    expect(isParleyError(noKey) && noKey.code).toBe('UNAUTHORIZED');
    const noRoom = await resolveAccessToken({ identity: 'a', apiKey: KEY, apiSecret: SECRET }, {}).catch((e: unknown) => e);
    expect(isParleyError(noRoom) && noRoom.code).toBe('INVALID_INPUT');
  });
});
