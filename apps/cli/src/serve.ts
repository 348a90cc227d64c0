import { createSpeechServer, type AuthOptions } from '@parley/transport-ws';
import { ParleyError } from '@parley/core';
import { ENGINE_OPTIONS, ENGINE_USAGE, loadEngine } from './engine.js';
import { LISTEN_OPTIONS } from './listen-options.js';
import { closeOnShutdown } from './shutdown.js';
import { parseCommandLine, parseInteger } from './usage-error.js';

const USAGE = `usage: parley serve [--port N] [--host ADDR] [--insecure-no-auth]
                    [--engine E] [--model DIR] [--device D] [--clone-audio FILE [--clone-text T]]

  --port N             port to listen on (default 8080, or $PORT)
  --host ADDR          address to bind (default 127.0.0.1)
  --insecure-no-auth   accept every caller: for local development only
${ENGINE_USAGE}

Auth checks LiveKit access tokens signed with $LIVEKIT_API_KEY / $LIVEKIT_API_SECRET
(mint one with "parley token").`;

/**
 * `parley serve`: runs the speech server until SIGTERM or SIGINT (or the exit of the npm that
 * started it), then closes it gracefully.
 */
export async function serve(argv: string[]): Promise<void> {
  const { values } = parseCommandLine(
    {
      args: argv,
      options: {
        ...LISTEN_OPTIONS,
        ...ENGINE_OPTIONS,
        'insecure-no-auth': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    },
    USAGE,
  );
  if (values.help) return console.log(USAGE);
  const port = parseInteger('port', values.port, 0, 65_535);
  const auth = withHint(values['insecure-no-auth'] ? { disabled: true } : {});
  const engine = await loadEngine(values);
  const server = createSpeechServer({
    tts: engine.tts,
    auth,
    ...(engine.synthesisOptions ? { synthesisOptions: engine.synthesisOptions } : {}),
  });
  const url = await server.listen(port, values.host);
  // The engine's worker thread keeps the process alive: shutdown closes the server, then it.
  closeOnShutdown(() => server.close().then(() => engine.tts.close()));
  console.log(`parley speech server listening on ${url}`);
  console.log(`engine: ${engine.description}`);
  console.log(`speech stream: ${url.replace(/^http/, 'ws')}/v1/audio/speech/stream`);
}

/** Checks now that auth can work, so a missing key is reported with what to do about it. */
function withHint(auth: AuthOptions): AuthOptions {
  if (auth.disabled || (process.env.LIVEKIT_API_KEY && process.env.LIVEKIT_API_SECRET)) return auth;
  throw new ParleyError(
    'UNAUTHORIZED',
    'auth needs LIVEKIT_API_KEY and LIVEKIT_API_SECRET in the environment; ' + 'for local development only, pass --insecure-no-auth',
  );
}
