import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { assertSurvivesHostileRequests, rawRequest, URL_BREAKERS } from './testing/index.js';
import { HTTP_PATHS, WS_PATHS } from './index.js';
import { TestClient, startServer, stopServers, token } from './testing/helpers.js';

afterEach(stopServers);

const PATHS = [HTTP_PATHS.health, HTTP_PATHS.ready, HTTP_PATHS.speech, WS_PATHS.speechStream, `${WS_PATHS.roomPrefix}lobby`];
const portOf = (url: string) => Number(new URL(url).port);

describe('the speech server against hostile requests', () => {
  it.each(URL_BREAKERS)('answers GET %s with 400 and keeps serving', async (target) => {
    const { url } = await startServer();
    const answer = await rawRequest(portOf(url), `GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer.status).toBe(400);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it.each(['//', 'http://[/v1/audio/speech/stream', 'http://x:99999/v1/audio/speech/stream', '/v1/rooms/%'])(
    'answers a WebSocket upgrade to %s with 400',
    async (target) => {
      const { url } = await startServer();
      const upgrade =
        'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13';
      const answer = await rawRequest(portOf(url), `GET ${target} HTTP/1.1\r\nHost: x\r\n${upgrade}\r\n\r\n`);
      expect(answer.status).toBe(400);
    },
  );

  it('survives 2 000 random request lines and headers over real sockets, then serves and holds no session', async () => {
    // The live session's timers outlast the fuzz however slow a shared machine is: it must be closed by nothing else.
    const { url, server, wsUrl } = await startServer({ limits: { configTimeoutMs: 170_000, idleTimeoutMs: 170_000 } });
    const live = await TestClient.connect(`${wsUrl}${WS_PATHS.speechStream}`, await token());
    const tokens = [await token(), await token({ room: 'lobby', publish: true })];
    const statuses = await assertSurvivesHostileRequests(portOf(url), { paths: PATHS, tokens, runs: 2_000 });
    // Most got past Node's parser to the routes: handshakes, speech, auth refusals, unknown paths.
    expect(['101', '200', '401', '404'].every((status) => (statuses[status] ?? 0) > 0)).toBe(true);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(live.ws.readyState).toBe(WebSocket.OPEN); // a live session lived through it all
    await live.close();
    await vi.waitFor(() => expect(server.activeSessions).toBe(0), { timeout: 5_000 });
  }, 180_000);

  it('a session whose client sends a malformed WebSocket frame is closed, and the server goes on', async () => {
    const { url, wsUrl } = await startServer();
    const client = await TestClient.connect(`${wsUrl}${WS_PATHS.speechStream}`, await token());
    (client.ws as unknown as { _socket: { write(b: Buffer): void } })._socket.write(Buffer.from([0xff, 0x80, 0, 0, 0, 0]));
    expect((await client.closed).code).toBe(1002);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});
