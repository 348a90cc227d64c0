import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { hashInto } from './hash-file.js';

/**
 * A `<file>.part` being downloaded, with the sha256 of exactly what it holds. The hash is
 * updated only after a chunk is fully written, so after a failed attempt the in-memory state still
 * matches the disk and the next attempt in this process resumes without re-reading the file; a
 * new process re-hashes the existing part once, when it opens it.
 */
export class PartFile {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private hash: Hash,
    private bytes: number,
  ) {}

  private closed = false;

  /** Opens (or creates) the part at `path`, hashing what it already holds. */
  static async open(path: string, signal?: AbortSignal): Promise<PartFile> {
    const hash = createHash('sha256');
    const bytes = await hashInto(hash, path, signal);
    // Append mode: every write lands at the end, also after truncate(0).
    const handle = await open(path, 'a');
    return new PartFile(path, handle, hash, bytes);
  }

  /** Bytes in the part. */
  get size(): number {
    return this.bytes;
  }

  /** Appends `chunk` and adds it to the hash. */
  async append(chunk: Uint8Array): Promise<void> {
    for (let offset = 0; offset < chunk.length;) {
      const { bytesWritten } = await this.handle.write(chunk, offset, chunk.length - offset);
      offset += bytesWritten;
    }
    this.hash.update(chunk);
    this.bytes += chunk.length;
  }

  /** Empties the part, to download from byte 0 again. */
  async reset(): Promise<void> {
    await this.handle.truncate(0);
    this.hash = createHash('sha256');
    this.bytes = 0;
  }

  /** The hex sha256 of what the part holds now. */
  sha256(): string {
    return this.hash.copy().digest('hex');
  }

  /** Flushes to disk and closes; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.sync().catch(() => undefined);
    await this.handle.close();
  }
}
