/**
 * Test helpers: loopback servers that refuse a LiveKit join the way a LiveKit server does, so
 * rtc-node's real `Room.connect` can be driven into each failure. No LiveKit server can run
 * here; these only answer the first request of the signal connection.
 */
import http from 'node:http';
import net from 'node:net';

/** A loopback server, the requests it saw, and how to stop it. */
export interface LoopbackServer {
  readonly url: string;
  /** `METHOD path?query` of each request, WebSocket upgrades as `UPGRADE`. */
  readonly requests: string[];
  /** The `Authorization` header of each request (rtc-node sends the token as a Bearer). */
  readonly authorizations: string[];
  close(): Promise<void>;
}

/** Answers every request, WebSocket upgrades included, with `status` and `body`. */
export async function refusingSignalServer(status: number, body: string): Promise<LoopbackServer> {
  const requests: string[] = [];
  const authorizations: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    authorizations.push(req.headers.authorization ?? '');
    res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
  });
  server.on('upgrade', (req, socket) => {
    requests.push(`UPGRADE ${req.url}`);
    authorizations.push(req.headers.authorization ?? '');
    const reason = http.STATUS_CODES[status] ?? 'Error';
    socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  });
  return listen(server, requests, authorizations);
}

/** Accepts TCP connections and never answers: a server that hangs. */
export async function silentServer(): Promise<LoopbackServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listening = await listen(server, [], []);
  return {
    ...listening,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return listening.close();
    },
  };
}

/** A loopback port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function listen(server: net.Server, requests: string[], authorizations: string[]): Promise<LoopbackServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    requests,
    authorizations,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
