import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on an ES module given as a URL, whether the caller runs from its
 * TypeScript sources or from built JavaScript. Pass the entry as a sibling of the calling module
 * with the caller's own extension, e.g. `siblingEntry(import.meta.url, 'entry')`.
 *
 * A `.ts` entry (vitest, tsx) cannot be loaded by a Worker by itself, and on Node 20 neither
 * `--import tsx` in `execArgv` nor importing `tsx/esm` registers the hooks before the entry is
 * loaded; so a one-line bootstrap awaits tsx's `register()` in the worker, then imports the
 * entry. `--conditions=@parley/source` lets workspace packages resolve to their sources there.
 * The sources path needs `tsx` installed (it is, in this repo); built code never touches it.
 */
export function spawnModuleWorker(entry: URL): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  const bootstrap = `import(${JSON.stringify(tsxApiUrl())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, execArgv: ['--conditions=@parley/source'] });
}

/** The URL of `name` beside the module at `moduleUrl`, with that module's extension (.ts or .js). */
export function siblingEntry(moduleUrl: string, name: string): URL {
  const extension = moduleUrl.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${extension}`, moduleUrl);
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
