import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultCacheRoot, tellOnce, type Notify } from '../cache/cache-root.js';
import { generateStandinModel } from './generate.js';
import { isFresh, standinHash } from './manifest.js';
import { resolveStandinOptions, type ResolvedStandinOptions, type StandinOptions } from './options.js';

/** Options of {@link ensureStandinModel}: the model's, and who hears where it is. */
export interface EnsureStandinOptions extends StandinOptions {
  /**
   * Told once per process where a stand-in in the default directory is, and that it makes noise,
   * not speech (default: stderr). Not called for a `dir` the caller names.
   */
  onNotice?: Notify;
}

/** How many times to retry replacing a stale directory that other processes are also replacing. */
const INSTALL_ATTEMPTS = 5;

/**
 * The directory of a stand-in made with `options`, generating it only when it is missing or
 * stale (per its `parley-standin.json`). `dir` defaults to `standin-<hash of generator version,
 * seed, sizes, options>` in parley's per-user cache ({@link defaultCacheRoot}: `$PARLEY_CACHE`,
 * else e.g. `~/.cache/parley`), which is then said on stderr (`onNotice`).
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
export async function ensureStandinModel(dir?: string, options: EnsureStandinOptions = {}): Promise<string> {
  const resolved = resolveStandinOptions(options);
  const target = dir ?? join(defaultCacheRoot(), `standin-${standinHash(resolved)}`);
  const fresh = isFresh(target, resolved);
  if (dir === undefined) tellWhere(target, fresh, options.onNotice);
  if (fresh) return target;
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

function tellWhere(target: string, fresh: boolean, notify: Notify | undefined): void {
  const what = 'the random-weight stand-in model (noise, not speech)';
  tellOnce(target, `${fresh ? `using ${what} in` : `generating ${what} into`} ${target}`, notify);
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
