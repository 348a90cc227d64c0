#!/usr/bin/env node
// The `parley` command. Installed from npm, it runs the built JavaScript (dist/) in this process.
// In a checkout of the repository, where src/ is beside it, it runs the TypeScript sources, so
// there is no build step between `npm ci` and `npm start`: it re-runs node once with tsx and the
// "@parley/source" export condition, and passes signals through so that SIGTERM still closes the
// server gracefully.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
if (existsSync(main)) {
  // tsx is resolved from here, not from the working directory, so that `parley` runs from any folder.
  const tsx = import.meta.resolve('tsx');
  const child = spawn(process.execPath, ['--conditions=@parley/source', '--import', tsx, main, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
} else {
  await import('../dist/main.js');
}
