import type { IncomingMessage } from 'node:http';
import { ParleyError } from '@parley/core';

/**
 * Reads a request body of at most `maxBytes` and parses it as JSON.
 * @throws ParleyError INVALID_INPUT for a larger body (answered 413 by the caller, see
 *   {@link BodyTooLargeError}) or one that is not JSON.
 */
export async function readJson(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers['content-length']);
  if (declared > maxBytes) throw new BodyTooLargeError(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new BodyTooLargeError(maxBytes);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks, size).toString('utf8'));
  } catch {
    throw new ParleyError('INVALID_INPUT', 'the request body is not valid JSON');
  }
}

/** A body over the limit: INVALID_INPUT, sent with status 413. */
export class BodyTooLargeError extends ParleyError {
  constructor(maxBytes: number) {
    super('INVALID_INPUT', `the request body is larger than ${maxBytes} bytes`);
  }
}
