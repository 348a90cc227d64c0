/**
 * A real HTTP server on 127.0.0.1 for the client tests: each test gives a handler, the server
 * records whether each request's connection closed before the answer was complete (the proof
 * that a cancel reached the wire).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the handler sees it: the raw one, and its body as a web `Request` to parse. */
export interface Received {
  raw: IncomingMessage;
  request: Request;
  /** Resolves when the client closed the connection before the response finished. */
  closedEarly: Promise<void>;
}

/** A running server. */
export interface LoopbackServer {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  /** Every request so far, in arrival order. */
  received: Received[];
  close(): Promise<void>;
}

/** Starts a server whose every request goes to `handle`. */
export async function startServer(handle: (received: Received, res: ServerResponse) => void | Promise<void>): Promise<LoopbackServer> {
  const received: Received[] = [];
  const server = createServer((raw, res) => {
    const closedEarly = new Promise<void>((resolve) => res.on('close', () => !res.writableFinished && resolve()));
    void readBody(raw).then(async (body) => {
      const request = new Request(`http://127.0.0.1${raw.url}`, {
        method: raw.method,
        headers: raw.headers as Record<string, string>,
        body: body.length > 0 ? body : undefined,
      });
      const entry = { raw, request, closedEarly };
      received.push(entry);
      await handle(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answers `status` with a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function readBody(raw: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => resolve(Buffer.concat(chunks)));
    raw.on('error', reject);
  });
}
