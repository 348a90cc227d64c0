import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { parseRequestTarget } from '@parley/transport-ws';
import { AgentSession, type SessionParts } from './agent-session.js';

/** The page's files: static, no build step. */
const PUBLIC = new URL('./public/', import.meta.url);
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
const FILES = ['index.html', 'app.js', 'mic-worklet.js', 'player-worklet.js', 'style.css'];

/** A running agent server. */
export interface AgentServer {
  /** `http://host:port`. */
  url: string;
  close(): Promise<void>;
}

/**
 * The voice agent's web server: the page at `/`, and at `/agent` the WebSocket each open page
 * talks to (protocol in `protocol.ts`); every connection gets an {@link AgentSession}.
 */
export async function startAgentServer(parts: SessionParts, port: number, host: string): Promise<AgentServer> {
  // A failed request costs that request, never the process and every conversation with it.
  const http = createServer((req, res) => void serveFile(req, res).catch(() => failed(res)));
  const wss = new WebSocketServer({ server: http, path: '/agent', maxPayload: 1 << 20 });
  wss.on('connection', (socket) => {
    parts.log('a page connected');
    // ws reports a peer's malformed frame as 'error' (then closes): unheard, it would end the process.
    socket.on('error', (error) => parts.log(`a page's connection failed: ${error.message}`));
    new AgentSession(socket, parts);
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, resolve);
  });
  const address = http.address() as AddressInfo;
  const shown = address.address.includes(':') ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    close: async () => {
      for (const client of wss.clients) client.close(1001, 'server closing');
      wss.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

async function serveFile(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = parseRequestTarget(req.url);
  if (!target) return plain(res, 400, 'bad request');
  const name = target.pathname === '/' ? 'index.html' : target.pathname.slice(1);
  // Only the known files: no path from the request ever reaches the file system.
  if (!FILES.includes(name)) return plain(res, 404, 'not found');
  const body = await readFile(new URL(name, PUBLIC));
  res.writeHead(200, { 'content-type': TYPES[name.slice(name.lastIndexOf('.'))]!, 'cache-control': 'no-store' }).end(body);
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
}

function failed(res: ServerResponse): void {
  if (res.headersSent) res.destroy();
  else plain(res, 500, 'internal error');
}
