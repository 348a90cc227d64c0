import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateStandinModel } from './generate.js';
import { isFresh, standinHash } from './manifest.js';
import { resolveStandinOptions, type ResolvedStandinOptions, type StandinOptions } from './options.js';

/**
 * `models/cache/` of this package (git-ignored). The same path from `src/standin/` and from the
 * built `dist/standin/`.
 */
export const DEFAULT_CACHE_ROOT = fileURLToPath(new URL('../../cache/', import.meta.url));

/** How many times to retry replacing a stale directory that other processes are also replacing. */
const INSTALL_ATTEMPTS = 5;

/**
 * The directory of a stand-in made with `options`, generating it only when it is missing or
 * stale (per its `parley-standin.json`). `dir` defaults to
 * `models/cache/standin-<hash of generator version, seed, sizes, options>`.
 *
 * Safe when several processes (vitest workers, CI jobs) call it at once: each generates into its
 * own temporary sibling and renames it into place; a process that loses the race discards its
 * copy and uses the winner's.
 *
 * @example
 * ```ts
 * const dir = await ensureStandinModel();
 * const session = await InferenceSession.create(join(dir, 'talker_decode.onnx'));
 * ```
 */
export async function ensureStandinModel(dir?: string, options: StandinOptions = {}): Promise<string> {
  const resolved = resolveStandinOptions(options);
  const target = dir ?? join(DEFAULT_CACHE_ROOT, `standin-${standinHash(resolved)}`);
  if (isFresh(target, resolved)) return target;
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await generateStandinModel(temporary, resolved);
    install(temporary, target, resolved);
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
  return target;
}

/** Renames `temporary` to `target`, first moving a stale `target` aside; returns if a fresh one appears. */
function install(temporary: string, target: string, options: ResolvedStandinOptions): void {
  for (let attempt = 0; attempt < INSTALL_ATTEMPTS; attempt++) {
    try {
      renameSync(temporary, target);
      return;
    } catch (error) {
      if (!isCode(error, 'ENOTEMPTY', 'EEXIST', 'EPERM')) throw error;
    }
    if (isFresh(target, options)) return; // another process installed the same model first
    const aside = `${target}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      renameSync(target, aside);
    } catch (error) {
      if (!isCode(error, 'ENOENT')) throw error; // someone else moved it; try again
    }
    rmSync(aside, { recursive: true, force: true });
  }
  throw new Error(`could not install a stand-in model at ${target}: it keeps changing under us`);
}

function isCode(error: unknown, ...codes: string[]): boolean {
  return typeof error === 'object' && error !== null && codes.includes((error as { code?: string }).code ?? '');
}
