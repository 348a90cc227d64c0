import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { mintToken } from '@parley/core/tokens';
import { WS_PATHS } from '@parley/transport-ws';
import { assertSurvivesHostileRequests, rawRequest, URL_BREAKERS } from '@parley/transport-ws/testing';
import { startToneAgentServer, type ToneAgentServer } from './testing/tone-agent-server.js';

let server: ToneAgentServer;
let port: number;

beforeAll(async () => {
  server = await startToneAgentServer([], 1);
  port = Number(new URL(server.url).port);
});
afterAll(() => server.close());

/** The first message a socket gets, and the code it is then closed with. */
function firstMessageAndClose(socket: WebSocket): Promise<{ message: unknown; code: number }> {
  return new Promise((resolve) => {
    let message: unknown;
    socket.once('message', (data) => (message = JSON.parse(String(data))));
    socket.once('close', (code) => resolve({ message, code }));
  });
}

describe('the agent page server against hostile requests', () => {
  it.each(URL_BREAKERS)('answers GET %s with 400 and keeps serving', async (target) => {
    const answer = await rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer.status).toBe(400);
    expect((await fetch(server.url)).status).toBe(200);
  });

  it('survives 2 000 random request lines and headers over real sockets, and a live page connection with it', async () => {
    const page = new WebSocket(`${server.url.replace(/^http/, 'ws')}${WS_PATHS.conversation}`);
    await new Promise((resolve, reject) => page.once('open', resolve).once('error', reject));
    const paths = ['/', '/index.html', '/app.js', '/style.css', WS_PATHS.conversation, '/nothing'];
    const statuses = await assertSurvivesHostileRequests(port, { paths, runs: 2_000 });
    expect(['101', '200', '404'].every((status) => (statuses[status] ?? 0) > 0)).toBe(true);
    expect((await fetch(`${server.url}/app.js`)).status).toBe(200);
    expect(page.readyState).toBe(WebSocket.OPEN);
    page.close();
  }, 180_000);

  it('with auth on, refuses a page without a token (UNAUTHORIZED, 4401) and talks to one with a token that may publish', async () => {
    const keys = { apiKey: 'devkey', apiSecret: 'a-secret-of-at-least-thirty-two-characters' };
    const guarded = await startToneAgentServer([], 1, keys);
    try {
      const url = `${guarded.url.replace(/^http/, 'ws')}${WS_PATHS.conversation}`;
      const refused = await firstMessageAndClose(new WebSocket(url));
      expect(refused).toEqual({ message: { type: 'error', code: 'UNAUTHORIZED', message: expect.any(String) }, code: 4401 });
      const token = await mintToken({ identity: 'page', ...keys });
      const page = new WebSocket(`${url}?access_token=${token}`);
      const hello = await new Promise<{ type: string }>((resolve) => page.once('message', (data) => resolve(JSON.parse(String(data)))));
      expect(hello.type).toBe('hello');
      page.close();
    } finally {
      await guarded.close();
    }
  });

  it('a page connection that sends a malformed WebSocket frame is closed, and the server goes on', async () => {
    const page = new WebSocket(`${server.url.replace(/^http/, 'ws')}${WS_PATHS.conversation}`);
    await new Promise((resolve, reject) => page.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => page.once('close', resolve));
    (page as unknown as { _socket: { write(b: Buffer): void } })._socket.write(Buffer.from([0xff, 0x80, 0, 0, 0, 0]));
    expect(await closed).toBe(1002);
    expect((await fetch(server.url)).status).toBe(200);
  });
});
