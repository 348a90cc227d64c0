import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * parley's per-user cache: where stand-ins are generated and models downloaded unless a caller
 * names a directory. `$PARLEY_CACHE`, else the platform's cache directory: `~/Library/Caches/parley`
 * on macOS, `%LOCALAPPDATA%\parley\Cache` on Windows, `$XDG_CACHE_HOME/parley` (default
 * `~/.cache/parley`) elsewhere. Never inside `node_modules`, which the next `npm ci` wipes.
 *
 * @example
 * ```ts
 * defaultCacheRoot(); // '/home/ada/.cache/parley'
 * defaultCacheRoot({ PARLEY_CACHE: '/data/parley' }); // '/data/parley'
 * ```
 */
export function defaultCacheRoot(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
): string {
  if (env.PARLEY_CACHE) return resolve(env.PARLEY_CACHE);
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'parley');
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'parley', 'Cache');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'parley');
}

/** Receives a line that tells the user something they did not ask about, such as where a default path is. */
export type Notify = (message: string) => void;

const told = new Set<string>();

/** Where notices go when nobody asked for them: stderr, marked as parley's. */
const toStderr: Notify = (message) => console.error(`parley: ${message}`);

/**
 * Tells `notify` (stderr by default) `message`, once per process for each `key`: a default path
 * in the cache is said where it is first used, not on every call.
 */
export function tellOnce(key: string, message: string, notify: Notify = toStderr): void {
  if (told.has(key)) return;
  told.add(key);
  notify(message);
}
