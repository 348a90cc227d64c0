/**
 * The `parley` command line: `parley <command> [options]`.
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { isParleyError } from '@parley/core';
import { agent } from './agent.js';
import { listenFailure } from './listen-options.js';
import { models } from './models.js';
import { serve } from './serve.js';
import { speak } from './speak.js';
import { token } from './token.js';
import { UsageError } from './usage-error.js';

const COMMANDS: Record<string, (argv: string[]) => Promise<void>> = { agent, models, serve, speak, token };

const USAGE = `usage: parley <command> [options]

commands:
  agent   run the voice agent and its web page (what npm start runs)
  models  download a real Qwen3-TTS model (fetch, resumable, verified), list them (list),
          or convert an official checkpoint into the parley layout (convert)
  serve   run the speech server (WebSocket speech stream, REST speech, rooms)
  speak   speak text (an argument, or stdin as it arrives) into a WAV file
  token   mint an access token for the server (or a LiveKit server with the same keys)

Run "parley help <command>" (or "parley <command> --help") for a command's options,
"parley --version" for the version.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command) {
    console.error(USAGE);
    return 2;
  }
  if (command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    console.log(`parley ${version()}`);
    return 0;
  }
  if (command === 'help') return rest[0] ? main([rest[0], '--help']) : main(['--help']);
  const run = COMMANDS[command];
  if (!run) {
    console.error(`parley: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  try {
    await run(rest);
    return 0;
  } catch (error) {
    return report(error);
  }
}

/** The version of the @parley/cli package this command comes from. */
function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

function report(error: unknown): number {
  if (error instanceof UsageError) {
    console.error(`parley: ${error.message}`);
    return 2;
  }
  if (isParleyError(error)) {
    console.error(`parley: ${error.code}: ${error.message}`);
    return 1;
  }
  const listen = listenFailure(error);
  if (listen) {
    console.error(`parley: ${listen}`);
    return 1;
  }
  console.error('parley: unexpected failure', error);
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
