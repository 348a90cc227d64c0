import type { ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, test } from 'vitest';
import { sendJson, startServer, type LoopbackServer, type Received } from '../http/testing/loopback-server.js';
import { OpenAIChat } from './openai-chat.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const TOKENS = ['Hello', ' there', ',', ' how', ' can', ' I', ' help', ' you', ' today', '?'];

function chunk(content: string): string {
  return `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] })}\n\n`;
}

/** What the streaming server did for one request. */
interface Streamed {
  received: Received;
  body: { model: string; stream: boolean; messages: { role: string; content: string }[]; temperature?: number };
  /** Tokens written to the socket so far. */
  written: number;
  /** Whether it stopped because the client went away. */
  sawClose: boolean;
}

/**
 * A chat-completions server that streams TOKENS, `gapMs` apart, each event split in two writes
 * mid-line (so the client must join lines across chunks), with a role-only first chunk, a
 * keep-alive comment and `\r\n` line ends in places, then `[DONE]`. It stops writing when the
 * connection closes.
 */
async function streamingServer(gapMs: number, streams: Streamed[], tokens = TOKENS, done = true): Promise<string> {
  server = await startServer(async (received, res) => {
    const entry: Streamed = { received, body: (await received.request.json()) as Streamed['body'], written: 0, sawClose: false };
    streams.push(entry);
    void received.closedEarly.then(() => (entry.sawClose = true));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { role: 'assistant' } }] })}\r\n\r\n: keep-alive\n\n`);
    for (const token of tokens) {
      if (entry.sawClose) return;
      const event = chunk(token);
      const cut = Math.floor(event.length / 2);
      res.write(event.slice(0, cut));
      await delay(gapMs / 2);
      if (entry.sawClose) return;
      res.write(event.slice(cut));
      entry.written++;
      await delay(gapMs / 2);
    }
    if (done) res.write('data: [DONE]\n\n');
    res.end();
  });
  return `${server.origin}/v1`;
}

async function failingServer(status: number): Promise<string> {
  server = await startServer((_r, res: ServerResponse) => sendJson(res, status, { error: { message: `no: ${status}` } }));
  return `${server.origin}/v1`;
}

describe('OpenAIChat', () => {
  test('streams the tokens in order, joining lines split across chunks', async () => {
    const streams: Streamed[] = [];
    const llm = new OpenAIChat({
      url: await streamingServer(10, streams),
      model: 'tiny',
      apiKey: 'sk-x',
      systemPrompt: 'Be brief.',
      temperature: 0.2,
    });
    const tokens = await lastValueFrom(llm.reply([{ role: 'user', content: 'Hi' }]).pipe(toArray()));
    expect(tokens).toEqual(TOKENS);
    const [{ received, body }] = streams as [Streamed];
    expect(received.raw.url).toBe('/v1/chat/completions');
    expect(received.request.headers.get('authorization')).toBe('Bearer sk-x');
    expect(body).toEqual({
      model: 'tiny',
      stream: true,
      temperature: 0.2,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
    });
  });

  test('nothing is sent before subscribe', async () => {
    const streams: Streamed[] = [];
    const llm = new OpenAIChat({ url: await streamingServer(1, streams), model: 'tiny' });
    llm.reply([{ role: 'user', content: 'Hi' }]);
    await delay(100);
    expect(server!.received).toHaveLength(0);
  });

  test('unsubscribing mid-stream aborts the request: the server sees the close, no token follows', async () => {
    const streams: Streamed[] = [];
    const llm = new OpenAIChat({ url: await streamingServer(60, streams), model: 'tiny' });
    const seen: string[] = [];
    await new Promise<void>((resolve) => {
      const subscription = llm.reply([{ role: 'user', content: 'Hi' }]).subscribe((token) => {
        seen.push(token);
        if (seen.length === 3) {
          subscription.unsubscribe();
          resolve();
        }
      });
    });
    await streams[0]!.received.closedEarly;
    const writtenAtClose = streams[0]!.written;
    await delay(300);
    expect(seen).toEqual(TOKENS.slice(0, 3));
    expect(streams[0]!.written).toBe(writtenAtClose);
    expect(writtenAtClose).toBeLessThan(TOKENS.length);
  });

  test('aborting the signal ends the stream with CANCELLED and closes the request', async () => {
    const streams: Streamed[] = [];
    const llm = new OpenAIChat({ url: await streamingServer(60, streams), model: 'tiny' });
    const controller = new AbortController();
    const seen: string[] = [];
    const ended = new Promise<unknown>((resolve) => {
      llm.reply([{ role: 'user', content: 'Hi' }], controller.signal).subscribe({
        next: (token) => {
          seen.push(token);
          if (seen.length === 2) controller.abort();
        },
        error: resolve,
        complete: () => resolve('completed'),
      });
    });
    expect(await ended).toMatchObject({ name: 'ParleyError', code: 'CANCELLED' });
    await streams[0]!.received.closedEarly;
    expect(seen).toEqual(TOKENS.slice(0, 2));
  });

  // The whole status table is core's (errorFromResponse); these show the client reads it.
  test.each([
    [401, 'UNAUTHORIZED', false],
    [404, 'MODEL_NOT_FOUND', false],
    [500, 'INTERNAL', true],
  ] as const)('HTTP %i is %s (retryable: %s)', async (status, code, retryable) => {
    const llm = new OpenAIChat({ url: await failingServer(status), model: 'tiny' });
    const failure = lastValueFrom(llm.reply([{ role: 'user', content: 'Hi' }]));
    await expect(failure).rejects.toMatchObject({ code, retryable });
    await expect(failure).rejects.toThrow(`no: ${status}`);
  });

  test('an error event mid-stream is a retryable INTERNAL after the tokens before it', async () => {
    server = await startServer((_r, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`${chunk('Partial')}data: {"error":{"message":"model crashed"}}\n\n`);
    });
    const seen: string[] = [];
    const llm = new OpenAIChat({ url: `${server.origin}/v1`, model: 'tiny' });
    const failure = await new Promise<unknown>((resolve) => {
      llm
        .reply([{ role: 'user', content: 'Hi' }])
        .subscribe({ next: (t) => seen.push(t), error: resolve, complete: () => resolve('completed') });
    });
    expect(failure).toMatchObject({ code: 'INTERNAL', retryable: true, message: expect.stringContaining('model crashed') });
    expect(seen).toEqual(['Partial']);
  });

  test('a stream that stalls times out as a retryable INTERNAL', async () => {
    server = await startServer((_r, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk('Hel'));
    });
    const llm = new OpenAIChat({ url: `${server.origin}/v1`, model: 'tiny', idleTimeoutMs: 300 });
    const failure = lastValueFrom(llm.reply([{ role: 'user', content: 'Hi' }]));
    await expect(failure).rejects.toMatchObject({ code: 'INTERNAL', retryable: true, message: expect.stringContaining('stalled') });
    await server.received[0]!.closedEarly;
  });

  test('a stream that ends without [DONE] completes with what it had', async () => {
    const llm = new OpenAIChat({ url: await streamingServer(1, [], ['a', 'b'], false), model: 'tiny' });
    expect(await lastValueFrom(llm.reply([]).pipe(toArray()))).toEqual(['a', 'b']);
  });

  test('a closed port is a retryable NETWORK error', async () => {
    const url = await failingServer(500);
    await server!.close();
    server = undefined;
    const failure = lastValueFrom(new OpenAIChat({ url, model: 'tiny' }).reply([]));
    await expect(failure).rejects.toMatchObject({ code: 'NETWORK', retryable: true });
  });

  test('describe names the model and the URL, never the key', () => {
    expect(new OpenAIChat({ url: 'http://llm.local/v1', model: 'llama3.2', apiKey: 'sk-secret' }).describe()).toBe(
      'LLM: llama3.2 at http://llm.local/v1',
    );
  });
});
