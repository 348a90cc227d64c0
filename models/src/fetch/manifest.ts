import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ParleyError } from '@parley/core';

/**
 * `models/manifest.json` of this package: the same path from `src/fetch/` and the built
 * `dist/fetch/`. Its entries were written without access to the hub and must be checked against
 * the real repo on a machine with internet (see the file's `$comment`).
 */
export const DEFAULT_MANIFEST_PATH = fileURLToPath(new URL('../../manifest.json', import.meta.url));

/** One file of a model: where it is in the repo, where it goes, and what it must be. */
export interface ManifestFile {
  /** Path inside the repo at `revision`, e.g. `onnx_kv_06b/text_project.onnx`. */
  readonly path: string;
  /** Size in bytes, when known; the download must have exactly this many. */
  readonly size?: number;
  /** Lower-case hex sha256 of the content, when known. */
  readonly sha256?: string;
  /** Relative path in the model directory; defaults to `path`. */
  readonly target?: string;
}

/** A downloadable model: a Hugging Face repo at a revision, and the files to take from it. */
export interface ModelEntry {
  readonly description?: string;
  /** `owner/name` on the hub. */
  readonly repo: string;
  /** A branch, tag or commit id. */
  readonly revision: string;
  readonly files: readonly ManifestFile[];
}

/** The parsed manifest: model name → entry. */
export interface ModelManifest {
  readonly models: Readonly<Record<string, ModelEntry>>;
}

/** A manifest file's entry with its target resolved. */
export interface ResolvedFile extends ManifestFile {
  readonly target: string;
}

/**
 * Reads and validates a manifest (default: this package's `manifest.json`).
 * Throws INVALID_INPUT naming the first bad field, so a typo in a hand-edited manifest is found
 * before anything is downloaded.
 */
export function loadModelManifest(path: string = DEFAULT_MANIFEST_PATH): ModelManifest {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ParleyError('INVALID_INPUT', `cannot read the model manifest ${path}: ${(error as Error).message}`, { cause: error });
  }
  return validateManifest(json, path);
}

/** Checks that `json` is a {@link ModelManifest}; `source` names it in errors. */
export function validateManifest(json: unknown, source = 'manifest'): ModelManifest {
  const fail = (where: string, what: string): never => {
    throw new ParleyError('INVALID_INPUT', `${source}: ${where} ${what}`);
  };
  if (!isObject(json) || !isObject(json.models)) return fail('models', 'must be an object of model entries');
  for (const [name, entry] of Object.entries(json.models)) validateEntry(entry, `models["${name}"]`, fail);
  return json as unknown as ModelManifest;
}

/** The entry named `name`, or INVALID_INPUT listing the names the manifest knows. */
export function findModel(manifest: ModelManifest, name: string): ModelEntry {
  const entry = Object.hasOwn(manifest.models, name) ? manifest.models[name] : undefined;
  if (entry) return entry;
  const known = Object.keys(manifest.models);
  throw new ParleyError('INVALID_INPUT', `unknown model "${name}"; known models: ${known.join(', ') || '(none)'}`);
}

/** The entry's files with `target` defaulted to `path`. */
export function resolveFiles(entry: ModelEntry): ResolvedFile[] {
  return entry.files.map((file) => ({ ...file, target: file.target ?? file.path }));
}

type Fail = (where: string, what: string) => never;

function validateEntry(entry: unknown, where: string, fail: Fail): void {
  if (!isObject(entry)) return fail(where, 'must be an object');
  if (typeof entry.repo !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(entry.repo)) fail(`${where}.repo`, 'must be "owner/name"');
  if (typeof entry.revision !== 'string' || !entry.revision) fail(`${where}.revision`, 'must be a branch, tag or commit');
  if (!Array.isArray(entry.files) || entry.files.length === 0) return fail(`${where}.files`, 'must be a non-empty array');
  const targets = new Set<string>();
  entry.files.forEach((file: unknown, index) => {
    const at = `${where}.files[${index}]`;
    validateFile(file, at, fail);
    const target = (file as ManifestFile).target ?? (file as ManifestFile).path;
    if (targets.has(target)) fail(`${at}.target`, `"${target}" is used twice`);
    targets.add(target);
  });
}

function validateFile(file: unknown, at: string, fail: Fail): void {
  if (!isObject(file)) return fail(at, 'must be an object');
  if (!isSafeRelativePath(file.path)) fail(`${at}.path`, 'must be a relative path without ".." segments');
  if (file.target !== undefined && !isSafeRelativePath(file.target)) {
    fail(`${at}.target`, 'must be a relative path without ".." segments');
  }
  if (file.size !== undefined && !(Number.isSafeInteger(file.size) && (file.size as number) >= 0)) {
    fail(`${at}.size`, 'must be a whole number of bytes');
  }
  if (file.sha256 !== undefined && !(typeof file.sha256 === 'string' && /^[0-9a-f]{64}$/.test(file.sha256))) {
    fail(`${at}.sha256`, 'must be 64 lower-case hex digits');
  }
}

/** A path that stays inside the directory it is joined to (targets are written there). */
function isSafeRelativePath(path: unknown): path is string {
  if (typeof path !== 'string' || path === '' || path.startsWith('/') || path.includes('\\')) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
