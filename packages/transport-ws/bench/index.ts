/**
 * Speech-server benchmark, with ToneSpeech as the engine so the numbers are the server's own
 * cost: time to first audio byte over WS and REST, and how fast a room fans frames out.
 * Everything runs in one process on loopback, clients included.
 */
import WebSocket from 'ws';
import { PcmFrame, ToneSpeech } from '@parley/core';
import { createSpeechServer, mintToken, silentLogger, type SpeechServer } from '../src/index.js';
import { printTable, quantile, type BenchRow } from './table.js';

const CREDENTIALS = { apiKey: 'bench-key', apiSecret: 'bench-secret-bench-secret-bench-secret' };
const RUNS = 30;
const TEXT = 'Hello there, this is a benchmark sentence. And a second one follows it.';

async function wsFirstByte(base: string, token: string): Promise<number> {
  const ws = new WebSocket(`${base}/v1/audio/speech/stream?access_token=${token}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ type: 'session.config', response_format: 'pcm', stream_audio: true }));
  const started = performance.now();
  const first = new Promise<number>((resolve) => ws.on('message', (_, binary) => binary && resolve(performance.now() - started)));
  ws.send(JSON.stringify({ type: 'input.text', text: TEXT }));
  ws.send(JSON.stringify({ type: 'input.done' }));
  const ms = await first;
  ws.close();
  return ms;
}

async function restFirstByte(base: string, token: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${base}/v1/audio/speech`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ input: TEXT, response_format: 'pcm' }),
  });
  const reader = res.body!.getReader();
  await reader.read();
  const ms = performance.now() - started;
  await reader.cancel();
  return ms;
}

async function timeToFirstByte(server: SpeechServer, token: string): Promise<BenchRow[]> {
  const base = server.url;
  const rows: BenchRow[] = [];
  for (const [name, run] of [
    ['WS speech stream', () => wsFirstByte(base.replace(/^http/, 'ws'), token)],
    ['REST /v1/audio/speech', () => restFirstByte(base, token)],
  ] as const) {
    await run(); // warm-up
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await run());
    rows.push({ case: `first byte: ${name}`, n: RUNS, 'median ms': quantile(times, 0.5), 'p90 ms': quantile(times, 0.9) });
  }
  return rows;
}

/** Publishes `frames` 20 ms frames into a room with `listeners` listeners; returns frames/s delivered to all. */
async function fanOut(server: SpeechServer, listeners: number, frames: number): Promise<BenchRow> {
  const room = `bench-${listeners}`;
  const token = await mintToken({ ...CREDENTIALS, identity: 'ear', room });
  let received = 0;
  const sockets = await Promise.all(
    Array.from({ length: listeners }, async () => {
      const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/v1/rooms/${room}?access_token=${token}`);
      ws.on('message', (_, binary) => binary && received++);
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      return ws;
    }),
  );
  const handle = server.rooms.room(room);
  const format = { sampleRate: 24_000 };
  const frame = new PcmFrame(new Int16Array(480), 24_000); // 20 ms
  const started = performance.now();
  handle.publish({ type: 'segment-start', index: 0, text: 'bench' }, format);
  for (let i = 0; i < frames; i++) {
    handle.publish({ type: 'audio', index: 0, frame }, format);
    if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve)); // let sockets drain
  }
  while (received < frames * listeners) await new Promise((resolve) => setTimeout(resolve, 1));
  const seconds = (performance.now() - started) / 1000;
  for (const ws of sockets) ws.close();
  return { case: `room fan-out: ${listeners} listeners`, n: frames, 'frames/s': frames / seconds, 'deliveries/s': (frames * listeners) / seconds };
}

async function main(): Promise<void> {
  const tts = new ToneSpeech({ msPerCharacter: 60, chunkMs: 80 }); // real-time-sized chunks, made as fast as timers allow
  const server = createSpeechServer({ tts, auth: CREDENTIALS, logger: silentLogger, limits: { maxListeners: 1_000 } });
  await server.listen(0, '127.0.0.1');
  const token = await mintToken({ ...CREDENTIALS, identity: 'bench' });
  const rows = await timeToFirstByte(server, token);
  for (const listeners of [1, 10, 100]) rows.push(await fanOut(server, listeners, 2_000));
  await server.close();
  printTable('@parley/transport-ws (ToneSpeech engine, loopback, clients in-process)', rows);
}

await main();
