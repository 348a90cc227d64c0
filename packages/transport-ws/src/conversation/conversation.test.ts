import { PcmFrame, ParleyError } from '@parley/core';
import { mintToken } from '@parley/core/tokens';
import { finalize, map, throwError } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { CREDENTIALS, SERVER_WAIT, TestClient, startServer, stopServers, type TestServerOptions } from '../testing/helpers.js';
import type { AcceptConversation, ConversationPeer } from './conversation.js';

afterEach(stopServers);

/** What the test application saw of its conversations. */
interface Seen {
  peers: ConversationPeer[];
  interrupts: number;
  stopped: number;
  voices: string[];
}

/** An application that reports each microphone frame back as `{type: "heard"}`. */
function echoing(seen: Seen, fail?: ParleyError): AcceptConversation {
  return (peer) => {
    seen.peers.push(peer);
    return {
      hello: { stt: 'STT: test', llm: 'LLM: test', tts: 'TTS: tone', voices: ['ryan', 'vivian'], voice: 'ryan' },
      listen: (microphone$) =>
        fail
          ? throwError(() => fail)
          : microphone$.pipe(
              map((frame) => ({ type: 'heard', samples: [...frame.data], sampleRate: frame.sampleRate })),
              finalize(() => seen.stopped++),
            ),
      interrupt: () => seen.interrupts++,
      voice: (voice) => seen.voices.push(voice),
    };
  };
}

async function start(options: TestServerOptions = {}, fail?: ParleyError) {
  const seen: Seen = { peers: [], interrupts: 0, stopped: 0, voices: [] };
  const server = await startServer({ auth: { disabled: true }, conversations: echoing(seen, fail), ...options });
  return { ...server, seen, url: `${server.wsUrl}/v1/conversation` };
}

describe('WS /v1/conversation', () => {
  it('says hello, takes the microphone while listening, and stop interrupts and ends the listening', async () => {
    const { url, seen } = await start();
    const page = await TestClient.connect(url);
    expect(await page.next('hello')).toEqual({
      type: 'hello',
      stt: 'STT: test',
      llm: 'LLM: test',
      tts: 'TTS: tone',
      voices: ['ryan', 'vivian'],
      voice: 'ryan',
      sampleRate: 24_000,
    });
    page.ws.send(Buffer.from(new Int16Array([1, 2]).buffer)); // before start: nobody listens
    page.send({ type: 'start', sampleRate: 48_000 });
    await page.next('listening');
    page.ws.send(Buffer.from(new Int16Array([-3, 300, 32_767]).buffer));
    expect(await page.next('heard')).toEqual({ type: 'heard', samples: [-3, 300, 32_767], sampleRate: 48_000 });
    page.send({ type: 'voice', voice: 'vivian' });
    page.send({ type: 'stop' });
    expect(await page.next('listening', 2)).toEqual({ type: 'listening', listening: false });
    expect(page.messages('heard')).toHaveLength(1);
    expect(seen).toMatchObject({ interrupts: 1, stopped: 1, voices: ['vivian'] });
  });

  it("sends what is written to the page's output as s16le, a clear as {type: 'clear'}, and believes its played reports", async () => {
    const { url, seen } = await start();
    const page = await TestClient.connect(url);
    await page.next('hello');
    const { output } = seen.peers[0]!;
    void output.write(new PcmFrame(new Int16Array([5, -5, 1_000]), 24_000), new AbortController().signal);
    await vi.waitFor(() => expect(page.binaries()).toHaveLength(1), SERVER_WAIT);
    expect([...new Int16Array(new Uint8Array(page.binaries()[0]!).buffer)]).toEqual([5, -5, 1_000]);
    page.send({ type: 'played', samples: 2, buffered: 0 });
    await vi.waitFor(() => expect(output.playheadSamples).toBe(2));
    output.clear();
    await page.next('clear');
    expect(output.playheadSamples).toBe(3);
  });

  it('answers a message it does not understand with an INVALID_INPUT error, and carries on', async () => {
    const { url } = await start();
    const page = await TestClient.connect(url);
    page.ws.send('not json');
    page.send({ type: 'start', sampleRate: 3 });
    page.send({ type: 'dance' });
    await page.next('error', 3);
    expect(page.messages('error').map((m) => m.code)).toEqual(['INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT']);
    expect(page.messages('error')[1]!.message).toMatch(/not understood: .*"sampleRate":3/);
    page.send({ type: 'start', sampleRate: 16_000 });
    expect(await page.next('listening')).toEqual({ type: 'listening', listening: true });
  });

  it("reports a failure of the application's listening with its code", async () => {
    const { url } = await start({}, new ParleyError('MODEL_LOAD_FAILED', 'no model'));
    const page = await TestClient.connect(url);
    page.send({ type: 'start', sampleRate: 16_000 });
    expect(await page.next('error')).toEqual({ type: 'error', code: 'MODEL_LOAD_FAILED', message: 'no model' });
  });

  it("needs a token that may speak when auth is on: none is 4401, a listener's is 4403", async () => {
    const { url } = await start({ auth: CREDENTIALS });
    const anonymous = await TestClient.connect(url);
    expect((await anonymous.closed).code).toBe(4401);
    expect(anonymous.messages()).toEqual([{ type: 'error', code: 'UNAUTHORIZED', message: expect.any(String) }]);
    const listener = await TestClient.connect(url, await mintToken({ identity: 'ear', room: 'lobby', ...CREDENTIALS }));
    expect((await listener.closed).code).toBe(4403);
    const speaker = await TestClient.connect(url, await mintToken({ identity: 'page', ...CREDENTIALS }));
    expect((await speaker.next('hello')).type).toBe('hello');
  });

  it('takes a session slot: one past maxSessions is refused OVERLOADED, 4429', async () => {
    const { url } = await start({ limits: { maxSessions: 1 } });
    const first = await TestClient.connect(url);
    await first.next('hello');
    const second = await TestClient.connect(url);
    expect((await second.closed).code).toBe(4429);
    expect(second.messages('error')[0]).toMatchObject({ code: 'OVERLOADED' });
  });

  it('drops a page that leaves more than sessionMaxBufferedBytes unread, and stops its listening', async () => {
    const { url, seen, server } = await start({ limits: { sessionMaxBufferedBytes: 64 * 1024 } });
    const page = await TestClient.connect(url);
    page.send({ type: 'start', sampleRate: 16_000 });
    await page.next('listening');
    (page.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const second = new PcmFrame(new Int16Array(24_000), 24_000); // 48 kB
    const signal = new AbortController().signal;
    for (let i = 0; i < 200 && server.activeSessions > 0; i++) {
      void seen.peers[0]!.output.write(second, signal); // not awaited: the writes pile up behind the paused socket
      await new Promise((resolve) => setImmediate(resolve));
    }
    await vi.waitFor(() => expect(server.activeSessions).toBe(0));
    expect(seen).toMatchObject({ interrupts: 1, stopped: 1 });
  });

  it('closes pages with 1001 when the server shuts down, stopping what they were running', async () => {
    const { url, server, seen } = await start();
    const page = await TestClient.connect(url);
    page.send({ type: 'start', sampleRate: 16_000 });
    await page.next('listening');
    await server.close();
    expect((await page.closed).code).toBe(1001);
    expect(seen).toMatchObject({ interrupts: 1, stopped: 1 });
  });

  it('is a 404 on a server without conversations, whose other paths go to its pages', async () => {
    const { wsUrl, url } = await startServer({
      auth: { disabled: true },
      pages: async (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('a page'),
    });
    const refused = await new Promise<string>((resolve) =>
      new WebSocket(`${wsUrl}/v1/conversation`).once('error', (e) => resolve(e.message)),
    );
    expect(refused).toMatch(/404/);
    expect(await (await fetch(`${url}/index.html`)).text()).toBe('a page');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});
