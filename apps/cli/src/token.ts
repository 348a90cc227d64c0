import { isParleyError } from '@parley/core';
import { mintToken } from '@parley/core/tokens';
import { UsageError, parseCommandLine } from './usage-error.js';

const USAGE = `usage: parley token --identity ID [--room R] [--publish] [--ttl 6h]

  --identity ID   who the token is for (required)
  --room R        the room it may join (listen; --publish to also speak into it)
  --publish       may speak into the room
  --ttl SPAN      lifetime, e.g. 10m, 6h, 7d, or seconds (default 6h)

Signed with $LIVEKIT_API_KEY / $LIVEKIT_API_SECRET; prints the token alone on stdout.`;

/** `parley token`: prints an access token for the speech server. */
export async function token(argv: string[]): Promise<void> {
  const { values } = parseCommandLine(
    {
      args: argv,
      options: {
        identity: { type: 'string' },
        room: { type: 'string' },
        publish: { type: 'boolean', default: false },
        ttl: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    USAGE,
  );
  if (values.help) return console.log(USAGE);
  if (!values.identity) throw new UsageError(`--identity is required\n\n${USAGE}`);
  if (values.publish && !values.room) throw new UsageError('--publish needs --room');
  const minting = mintToken({
    identity: values.identity,
    publish: values.publish,
    ...(values.ttl ? { ttl: /^\d+$/.test(values.ttl) ? Number(values.ttl) : values.ttl } : {}),
    ...(values.room ? { room: values.room } : {}),
  });
  // mintToken checks the lifetime before the keys: a bad --ttl is the command line's fault.
  console.log(
    await minting.catch((error: unknown) => {
      throw isParleyError(error) && error.code === 'INVALID_INPUT' ? new UsageError(`--${error.message}\n\n${USAGE}`) : error;
    }),
  );
}
