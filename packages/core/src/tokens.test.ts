import { TokenVerifier } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { mintToken, resolveCredentials } from './tokens.js';

const KEYS = { apiKey: 'devkey', apiSecret: 'a-secret-of-at-least-thirty-two-characters' };
const claimsOf = (token: string) => new TokenVerifier(KEYS.apiKey, KEYS.apiSecret).verify(token);

describe('mintToken', () => {
  it("writes LiveKit grants: a listener's by default, a publisher's with publish", async () => {
    const listener = await claimsOf(await mintToken({ identity: 'ann', room: 'lobby', ...KEYS }));
    expect(listener.sub).toBe('ann');
    expect(listener.video).toMatchObject({ room: 'lobby', roomJoin: true, canSubscribe: true, canPublish: false });
    const publisher = await claimsOf(await mintToken({ identity: 'agent', name: 'Parley', room: 'lobby', publish: true, ...KEYS }));
    expect(publisher).toMatchObject({ name: 'Parley', video: { canPublish: true, canSubscribe: true } });
    const bare = await claimsOf(await mintToken({ identity: 'bob', ...KEYS }));
    expect(bare.video?.roomJoin).toBeFalsy();
  });

  it('lives 6 hours by default, or as long as asked', async () => {
    const lifetime = async (ttl?: string | number) => {
      const claims = await claimsOf(await mintToken({ identity: 'x', ...KEYS, ...(ttl === undefined ? {} : { ttl }) }));
      return claims.exp! - claims.nbf!;
    };
    expect(await lifetime()).toBe(6 * 3600);
    expect(await lifetime('10m')).toBe(600);
    expect(await lifetime(60)).toBe(60);
    expect(await lifetime('7 days')).toBe(7 * 86_400);
  });

  it.each<string | number>(['forever', '', '-5m', '10 parsecs', 0, Number.NaN, Infinity])(
    'refuses the lifetime %s as INVALID_INPUT',
    async (ttl) => {
      await expect(mintToken({ identity: 'x', ...KEYS, ttl })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/ttl must be/),
      });
    },
  );

  it('signs with LIVEKIT_API_KEY and LIVEKIT_API_SECRET, and is UNAUTHORIZED without them', async () => {
    const env = { LIVEKIT_API_KEY: KEYS.apiKey, LIVEKIT_API_SECRET: KEYS.apiSecret };
    expect((await claimsOf(await mintToken({ identity: 'x' }, env))).sub).toBe('x');
    await expect(mintToken({ identity: 'x' }, {})).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringMatching(/LIVEKIT_API_KEY and LIVEKIT_API_SECRET/),
    });
  });
});

describe('resolveCredentials', () => {
  it('takes the given pair first, else the environment; an empty key counts as none', () => {
    const env = { LIVEKIT_API_KEY: 'k', LIVEKIT_API_SECRET: 's' };
    expect(resolveCredentials({}, env)).toEqual({ apiKey: 'k', apiSecret: 's' });
    expect(resolveCredentials({ apiKey: 'a', apiSecret: 'b' }, env)).toEqual({ apiKey: 'a', apiSecret: 'b' });
    expect(() => resolveCredentials({ apiKey: '', apiSecret: '' }, env)).toThrow(expect.objectContaining({ code: 'UNAUTHORIZED' }));
  });
});
