import { join } from 'node:path';
import { DEFAULT_CACHE_ROOT } from '../standin/ensure.js';

/**
 * Where fetched models live unless told otherwise: `$PARLEY_MODELS_DIR`, else this package's
 * git-ignored `models/cache/` (beside the stand-in caches, whose `standin-<hash>` names cannot
 * collide with a manifest name).
 */
export function defaultModelsRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.PARLEY_MODELS_DIR || DEFAULT_CACHE_ROOT;
}

/** The default directory of the model `name`: `<models root>/<name>`. */
export function defaultModelDir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(defaultModelsRoot(env), name);
}
