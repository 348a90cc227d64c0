import { connect } from 'node:net';

/** What a server sent back for one raw request. */
export interface RawAnswer {
  /** The status of the first response line; undefined when the server closed without one. */
  status: number | undefined;
  /** Everything received, as latin1 text. */
  text: string;
}

/**
 * A client waits this long for the first byte of an answer before it half-closes: a request
 * whose headers promise a body that never comes gets its end instead.
 */
const FIRST_BYTE_WAIT_MS = 100;

/**
 * Sends `request` byte for byte on a fresh TCP connection to `127.0.0.1:port` and collects the
 * answer until the server closes. No HTTP client sits in between: what a hostile peer can put
 * on the wire is exactly what reaches the server. The client half-closes the connection as soon
 * as the answer starts (Node then ends it once the response is out, keep-alive or not), or after
 * {@link FIRST_BYTE_WAIT_MS} without one (a server waiting for more of the request sees its end).
 *
 * @throws Error when the server has not closed the connection after `timeoutMs`: a connection
 *   held open after its client has finished is a leak.
 */
export function rawRequest(port: number, request: string | Uint8Array, timeoutMs = 5_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let wait: NodeJS.Timeout | undefined;
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(request);
      wait = setTimeout(() => socket.end(), FIRST_BYTE_WAIT_MS);
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${timeoutMs} ms for ${JSON.stringify(String(request).slice(0, 200))}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      if (chunks.length === 0) {
        clearTimeout(wait);
        socket.end();
      }
      chunks.push(chunk);
    });
    socket.on('error', () => {}); // a reset is one of the answers; 'close' follows
    socket.on('close', () => {
      clearTimeout(timer);
      clearTimeout(wait);
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({ status: status === undefined ? undefined : Number(status), text });
    });
  });
}
