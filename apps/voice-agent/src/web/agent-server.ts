import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createSpeechServer, parseRequestTarget, type AuthOptions, type Logger, type SynthesisOptionsMapper } from '@parley/transport-ws';
import { agentConversations, type SessionParts } from './agent-conversation.js';

/** The page's files: static, no build step. */
const PUBLIC = new URL('./public/', import.meta.url);
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};
const FILES = ['index.html', 'app.js', 'mic-worklet.js', 'player-worklet.js', 'style.css'];

/** A running agent server. */
export interface AgentServer {
  /** `http://host:port`. */
  url: string;
  close(): Promise<void>;
}

/** Where the agent server listens, and who may talk to it. */
export interface AgentServerOptions {
  port: number;
  host: string;
  /** Default `{ disabled: true }`: the page is for whoever can reach the port. */
  auth?: AuthOptions;
  logger?: Logger;
  /** What the speech endpoints' request fields mean to the engine (transport-ws's default if absent). */
  synthesisOptions?: SynthesisOptionsMapper;
}

/**
 * The voice agent's web server: transport-ws's speech server with the page at `/` and, at
 * `WS /v1/conversation`, a voice agent for every open page (see {@link agentConversations}) —
 * with its auth, bounds, error codes and graceful close. Its speech endpoints are served too.
 */
export async function startAgentServer(parts: SessionParts, options: AgentServerOptions): Promise<AgentServer> {
  const server = createSpeechServer({
    tts: parts.tts,
    auth: options.auth ?? { disabled: true },
    conversations: agentConversations(parts),
    pages: servePage,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.synthesisOptions ? { synthesisOptions: options.synthesisOptions } : {}),
  });
  return { url: await server.listen(options.port, options.host), close: () => server.close() };
}

async function servePage(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = parseRequestTarget(req.url)!;
  const name = target.pathname === '/' ? 'index.html' : target.pathname.slice(1);
  // Only the known files: no path from the request ever reaches the file system.
  if (!FILES.includes(name)) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  const body = await readFile(new URL(name, PUBLIC));
  res.writeHead(200, { 'content-type': TYPES[name.slice(name.lastIndexOf('.'))]!, 'cache-control': 'no-store' }).end(body);
}
