import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts the engine's worker thread. From the built package the entry is `entry.js` beside this
 * file. From the TypeScript sources (vitest, tsx: this module's URL ends in `.ts`) a Worker
 * cannot load `entry.ts` by itself, and on Node 20 neither `--import tsx` in `execArgv` nor
 * importing `tsx/esm` registers the hooks before the entry is loaded; so a one-line bootstrap
 * awaits tsx's `register()` in the worker, then imports the entry. `--conditions=@parley/source`
 * lets workspace packages resolve to their sources there too.
 */
export function spawnEngineWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./entry.js', import.meta.url));
  const entry = new URL('./entry.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApiUrl())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, execArgv: ['--conditions=@parley/source'] });
}

/**
 * The URL of tsx's ESM API module. Resolved through tsx's package.json because `require.resolve`
 * picks the CommonJS build, which cannot register the ESM hooks from an eval'd worker.
 */
function tsxApiUrl(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const exports = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports;
  return pathToFileURL(join(dirname(manifest), exports['./esm/api']!.import.default)).href;
}
