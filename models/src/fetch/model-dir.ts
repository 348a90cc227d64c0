import { join } from 'node:path';
import { defaultCacheRoot } from '../cache/cache-root.js';

/**
 * Where fetched models live unless told otherwise: `$PARLEY_MODELS_DIR`, else parley's per-user
 * cache ({@link defaultCacheRoot}: `$PARLEY_CACHE`, else e.g. `~/.cache/parley`), beside the
 * stand-ins, whose `standin-<hash>` names cannot collide with a manifest name.
 */
export function defaultModelsRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.PARLEY_MODELS_DIR || defaultCacheRoot(env);
}

/** The default directory of the model `name`: `<models root>/<name>`. */
export function defaultModelDir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultModelsRoot(env), name);
}
