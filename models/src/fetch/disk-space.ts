import { statfs } from 'node:fs/promises';
import { ParleyError } from '@parley/core';
import { formatMegabytes } from './format.js';

/** What {@link ensureDiskSpace} asks of the file system (injectable for tests). */
export type FreeBytes = (dir: string) => Promise<number>;

/** Free bytes for an unprivileged user on the file system holding `dir`. */
export const statfsFreeBytes: FreeBytes = async (dir) => {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
};

/**
 * Fails early with INTERNAL (not retryable) when `dir`'s file system has less than `neededBytes`
 * free, instead of failing with ENOSPC gigabytes into a download. A file system that cannot say
 * (statfs unsupported) is not checked: the writes will tell.
 */
export async function ensureDiskSpace(dir: string, neededBytes: number, freeBytes: FreeBytes = statfsFreeBytes): Promise<void> {
  if (neededBytes <= 0) return;
  let free: number;
  try {
    free = await freeBytes(dir);
  } catch {
    return;
  }
  if (free >= neededBytes) return;
  throw new ParleyError(
    'INTERNAL',
    `not enough disk space in ${dir}: the download needs ${formatMegabytes(neededBytes)} MB, ${formatMegabytes(free)} MB are free`,
    { retryable: false },
  );
}
