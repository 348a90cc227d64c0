#!/usr/bin/env node
// The `parley` command. The CLI runs from its TypeScript sources (no build step between
// `npm ci` and `npm start`), so this re-runs node once with tsx and the "@parley/source"
// export condition, and passes signals through so that SIGTERM still closes the server gracefully.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
// tsx is resolved from here, not from the working directory, so that `parley` runs from any folder.
const tsx = import.meta.resolve('tsx');
const child = spawn(process.execPath, ['--conditions=@parley/source', '--import', tsx, main, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
