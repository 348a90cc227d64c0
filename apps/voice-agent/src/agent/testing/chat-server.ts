import { setTimeout as delay } from 'node:timers/promises';
/**
 * A real OpenAI-compatible streaming chat server on loopback for the agent tests: each request
 * is answered from a script of tokens, each after its own delay, and the server records how
 * many it wrote and whether the client closed the connection early (the proof an abort
 * reached the wire).
 */
import { startServer, type LoopbackServer, type Received } from '../../http/testing/loopback-server.js';

/** A token and how long to wait before writing it. */
export interface ScriptedToken {
  afterMs: number;
  text: string;
}

/** One request as the server saw it. */
interface ChatRequest {
  received: Received;
  messages: { role: string; content: string }[];
  written: string[];
  closedEarly: boolean;
}

/** A running chat server. */
export interface ChatServer {
  url: string;
  requests: ChatRequest[];
  server: LoopbackServer;
}

/** `text` as tokens `gapMs` apart (the first after `firstMs`). */
export function paced(text: string, gapMs: number, firstMs = gapMs): ScriptedToken[] {
  return (text.match(/\s*\S+/g) ?? []).map((token, i) => ({ afterMs: i === 0 ? firstMs : gapMs, text: token }));
}

/** Starts a server that answers the n-th request with `scripts[n]` (the last one repeats). */
export async function startChatServer(scripts: ScriptedToken[][]): Promise<ChatServer> {
  const requests: ChatRequest[] = [];
  const server = await startServer(async (received, res) => {
    const body = (await received.request.json()) as { messages: ChatRequest['messages'] };
    const entry: ChatRequest = { received, messages: body.messages, written: [], closedEarly: false };
    const script = scripts[Math.min(requests.length, scripts.length - 1)]!;
    requests.push(entry);
    void received.closedEarly.then(() => (entry.closedEarly = true));
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const token of script) {
      await delay(token.afterMs);
      if (entry.closedEarly) return;
      res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: token.text } }] })}\n\n`);
      entry.written.push(token.text);
    }
    res.end('data: [DONE]\n\n');
  });
  return { url: `${server.origin}/v1`, requests, server };
}
