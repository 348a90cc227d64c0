import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * Feeds the whole file at `path` into `hash` and returns how many bytes it read (0 when the file
 * does not exist). Streams, so a multi-GB graph costs a 64 KiB buffer, not its size.
 */
export async function hashInto(hash: Hash, path: string, signal?: AbortSignal): Promise<number> {
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path, signal ? { signal } : {})) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return 0;
    throw error;
  }
  return bytes;
}

/** The lower-case hex sha256 of the file at `path`, and its size. */
export async function sha256OfFile(path: string, signal?: AbortSignal): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  const size = await hashInto(hash, path, signal);
  return { sha256: hash.digest('hex'), size };
}
