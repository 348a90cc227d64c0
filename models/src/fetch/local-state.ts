import { statSync } from 'node:fs';
import { join } from 'node:path';
import { sha256OfFile } from './hash-file.js';
import { lockedFile, readLock, type LockedFile, type LockHeader } from './lock-file.js';
import { resolveFiles, type ModelEntry, type ResolvedFile } from './manifest.js';

/**
 * A manifest file's state in a model directory:
 * - `complete`: present with the expected size (from the manifest, else the lock)
 * - `unverified`: present, but neither the manifest nor the lock knows its size
 * - `wrong-size`: present with another size than expected
 * - `corrupt`: right size, but its sha256 differs from the manifest's or the lock's (only
 *   found when hashing was asked for)
 * - `partial`: only `<target>.part` exists (an interrupted download, resumable)
 * - `missing`: neither exists
 */
export type FileState = 'complete' | 'unverified' | 'wrong-size' | 'corrupt' | 'partial' | 'missing';

/** What a directory holds of one manifest file. */
export interface LocalFile {
  readonly file: ResolvedFile;
  readonly state: FileState;
  /** Bytes on disk: the final file's, or the part's when `partial`. */
  readonly bytes: number;
  /** Size it must have, when known (manifest, else lock). */
  readonly expectedSize?: number;
  /** The lock's record of it, when the lock is for this model, repo and revision. */
  readonly locked?: LockedFile;
}

/** What a directory holds of a model. */
export interface ModelStatus {
  readonly name: string;
  readonly dir: string;
  readonly entry: ModelEntry;
  readonly files: readonly LocalFile[];
  /** Every file is `complete`. */
  readonly complete: boolean;
  /** Bytes on disk, parts included. */
  readonly presentBytes: number;
  /** Sum of the sizes known (manifest, else lock); some may be unknown, see `unknownSizes`. */
  readonly knownBytes: number;
  /** Files whose size neither the manifest nor the lock knows. */
  readonly unknownSizes: number;
}

/**
 * Inspects `dir` for the model `name` by sizes only (cheap: one stat per file). With
 * `hash: true` it also re-hashes complete files that have a known sha256 (manifest, else lock)
 * and marks those that differ `corrupt`: minutes for a multi-GB model, so only on request.
 */
export async function inspectModel(
  name: string,
  entry: ModelEntry,
  dir: string,
  options: { hash?: boolean; signal?: AbortSignal } = {},
): Promise<ModelStatus> {
  const lock = readLock(dir);
  const header: LockHeader = { model: name, repo: entry.repo, revision: entry.revision };
  const files: LocalFile[] = [];
  for (const file of resolveFiles(entry)) {
    const local = inspectFile(dir, file, lockedFile(lock, header, file.target));
    files.push(options.hash ? await hashCheck(dir, local, options.signal) : local);
  }
  return summarize(name, entry, dir, files);
}

/** The state of one file in `dir`, by sizes. */
function inspectFile(dir: string, file: ResolvedFile, locked: LockedFile | undefined): LocalFile {
  const expectedSize = file.size ?? locked?.size;
  const known = { file, ...(expectedSize === undefined ? {} : { expectedSize }), ...(locked ? { locked } : {}) };
  const finalBytes = sizeOf(join(dir, file.target));
  if (finalBytes !== undefined) {
    const state = expectedSize === undefined ? 'unverified' : finalBytes === expectedSize ? 'complete' : 'wrong-size';
    return { ...known, state, bytes: finalBytes };
  }
  const partBytes = sizeOf(join(dir, `${file.target}.part`));
  return partBytes === undefined ? { ...known, state: 'missing', bytes: 0 } : { ...known, state: 'partial', bytes: partBytes };
}

/** The sha256 a file must have: the manifest's, else the one recorded when it was downloaded. */
export function knownSha256(local: LocalFile): string | undefined {
  return local.file.sha256 ?? local.locked?.sha256;
}

async function hashCheck(dir: string, local: LocalFile, signal?: AbortSignal): Promise<LocalFile> {
  const expected = knownSha256(local);
  if (local.state !== 'complete' || expected === undefined) return local;
  const { sha256 } = await sha256OfFile(join(dir, local.file.target), signal);
  return sha256 === expected ? local : { ...local, state: 'corrupt' };
}

function summarize(name: string, entry: ModelEntry, dir: string, files: LocalFile[]): ModelStatus {
  const sizes = files.map((local) => local.expectedSize);
  return {
    name,
    dir,
    entry,
    files,
    complete: files.every((local) => local.state === 'complete'),
    presentBytes: files.reduce((sum, local) => sum + local.bytes, 0),
    knownBytes: sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0),
    unknownSizes: sizes.filter((size) => size === undefined).length,
  };
}

function sizeOf(path: string): number | undefined {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    return undefined;
  }
}
