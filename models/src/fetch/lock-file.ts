import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The lock file's name inside a fetched model directory. */
export const LOCK_FILE = 'parley-model.json';

/** What the lock records about one downloaded file. */
export interface LockedFile {
  /** Path in the repo it came from. */
  readonly path: string;
  readonly size: number;
  /** sha256 of the bytes written, computed while downloading. */
  readonly sha256: string;
  /** ISO time the download finished. */
  readonly fetchedAt: string;
}

/**
 * `parley-model.json`: which model a directory holds and the size and sha256 of every file as it
 * was downloaded. The manifest may not know a file's checksum (see its `$comment`); the lock
 * always does, so `--verify` can tell a file corrupted on disk later from the one that arrived.
 */
export interface ModelLock {
  readonly model: string;
  readonly repo: string;
  readonly revision: string;
  /** Target path in the directory → its record. */
  readonly files: Readonly<Record<string, LockedFile>>;
}

/** The lock in `dir`, or undefined when there is none or it cannot be read. */
export function readLock(dir: string): ModelLock | undefined {
  try {
    const lock = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as ModelLock;
    return typeof lock.model === 'string' && typeof lock.files === 'object' && lock.files !== null ? lock : undefined;
  } catch {
    return undefined;
  }
}

/** The lock's record of `target` if the lock is for this model, repo and revision. */
export function lockedFile(lock: ModelLock | undefined, header: LockHeader, target: string): LockedFile | undefined {
  if (!lock || lock.model !== header.model || lock.repo !== header.repo || lock.revision !== header.revision) return undefined;
  return Object.hasOwn(lock.files, target) ? lock.files[target] : undefined;
}

/** Which model a lock describes. */
export type LockHeader = Pick<ModelLock, 'model' | 'repo' | 'revision'>;

/**
 * Records `target` in `dir`'s lock, starting a fresh lock when the old one is for another model,
 * repo or revision. Written to a temporary file and renamed, so a crash never leaves half a lock.
 */
export function recordLockedFile(dir: string, header: LockHeader, target: string, file: LockedFile): void {
  const old = readLock(dir);
  const same = old && old.model === header.model && old.repo === header.repo && old.revision === header.revision;
  const lock: ModelLock = { ...header, files: { ...(same ? old.files : {}), [target]: file } };
  const path = join(dir, LOCK_FILE);
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(lock, null, 2)}\n`);
  renameSync(temporary, path);
}
