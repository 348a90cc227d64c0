/**
 * Whole-buffer synchronous file I/O. `readSync`/`writeSync` may move fewer bytes than asked
 * (Linux caps one call near 2 GiB, and a real-size tensor or initializer is bigger), so these loop.
 */
import { readSync, writeSync } from 'node:fs';

/** Writes all of `bytes` at the file's current position. */
export function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.byteLength) done += writeSync(fd, bytes, done, bytes.byteLength - done);
}

/** Fills `target` from byte `position` of the file; throws when the file ends first. */
export function readFully(fd: number, position: number, target: Uint8Array): void {
  let done = 0;
  while (done < target.byteLength) {
    const read = readSync(fd, target, done, target.byteLength - done, position + done);
    if (read === 0) throw new Error(`unexpected end of file at byte ${position + done}`);
    done += read;
  }
}
