/**
 * Speech-server benchmark: time to first audio byte over WS and REST, with ToneSpeech (the
 * server's own cost) and with Qwen3-TTS on the stand-in model; the time the server adds between
 * the engine's first chunk and the client receiving it; and how fast a room fans frames out.
 * Everything runs in one process on loopback, clients included, so CPU counts them too.
 */
import WebSocket from 'ws';
import { Observable, tap } from 'rxjs';
import { PcmFrame, ToneSpeech, wrapSpeech, type SpeechEvent, type TextToSpeech } from '@parley/core';
import { ensureStandinModel } from '@parley/models';
import { Qwen3Speech } from '@parley/tts-qwen3';
import { mintToken } from '@parley/core/tokens';
import { createSpeechServer, silentLogger, type SpeechServer } from '../src/index.js';
import { printTable, quantile, type BenchRow } from '../../../bench/table.js';

const CREDENTIALS = { apiKey: 'bench-key', apiSecret: 'bench-secret-bench-secret-bench-secret' };
const RUNS = 30;
const TEXT = 'Hello there, this is a benchmark sentence. And a second one follows it.';

/** When each stream's engine emitted its first audio, for the server's added latency. */
const engineFirstAudio: number[] = [];

/** `tts`, noting the moment each stream's first audio chunk leaves the engine. */
function stamped(tts: TextToSpeech): TextToSpeech {
  return wrapSpeech(
    tts,
    (input, options) =>
      new Observable<SpeechEvent>((subscriber) => {
        let first = true;
        const stamp = tap((event: SpeechEvent) => {
          if (event.type !== 'audio' || !first) return;
          first = false;
          engineFirstAudio.push(performance.now());
        });
        return tts.synthesize(input, options).pipe(stamp).subscribe(subscriber);
      }),
  );
}

const serverAdded: number[] = [];
const serverAddedSeen = new WeakSet<WebSocket>();

async function wsFirstByte(base: string, token: string): Promise<number> {
  const ws = new WebSocket(`${base}/v1/audio/speech/stream?access_token=${token}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ type: 'session.config', response_format: 'pcm', stream_audio: true }));
  const started = performance.now();
  const first = new Promise<number>((resolve) =>
    ws.on('message', (_, binary) => {
      if (!binary || serverAddedSeen.has(ws)) return;
      serverAddedSeen.add(ws);
      const now = performance.now();
      serverAdded.push(now - engineFirstAudio.at(-1)!);
      resolve(now - started);
    }),
  );
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

async function timeToFirstByte(server: SpeechServer, token: string, engine: string): Promise<BenchRow[]> {
  const base = server.url;
  const rows: BenchRow[] = [];
  serverAdded.length = 0;
  for (const [name, run] of [
    ['WS speech stream', () => wsFirstByte(base.replace(/^http/, 'ws'), token)],
    ['REST /v1/audio/speech', () => restFirstByte(base, token)],
  ] as const) {
    await run(); // warm-up
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await run());
    rows.push({ case: `first byte: ${name} (${engine})`, n: RUNS, 'median ms': quantile(times, 0.5), 'p90 ms': quantile(times, 0.9) });
  }
  const added = serverAdded.slice(1); // the first was the warm-up
  rows.push({
    case: `server-added, engine chunk → WS client (${engine})`,
    n: added.length,
    'median ms': quantile(added, 0.5),
    'p90 ms': quantile(added, 0.9),
  });
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
  const handle = server.rooms.room(room).claim();
  const format = { sampleRate: 24_000 };
  const frame = new PcmFrame(new Int16Array(480), 24_000); // 20 ms
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  handle.publish({ type: 'segment-start', index: 0, text: 'bench' }, format);
  for (let i = 0; i < frames; i++) {
    handle.publish({ type: 'audio', index: 0, frame }, format);
    if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve)); // let sockets drain
  }
  while (received < frames * listeners) await new Promise((resolve) => setTimeout(resolve, 1));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  handle.release();
  for (const ws of sockets) ws.close();
  return {
    case: `room fan-out: ${listeners} listeners`,
    n: frames,
    'frames/s': frames / seconds,
    'deliveries/s': (frames * listeners) / seconds,
    'CPU % (incl. clients)': ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
  };
}

async function serve(tts: TextToSpeech): Promise<SpeechServer> {
  const server = createSpeechServer({ tts: stamped(tts), auth: CREDENTIALS, logger: silentLogger, limits: { maxListeners: 1_000 } });
  await server.listen(0, '127.0.0.1');
  return server;
}

async function main(): Promise<void> {
  const token = await mintToken({ ...CREDENTIALS, identity: 'bench' });
  // Real-time-sized chunks, made as fast as timers allow: the server's own cost.
  const tone = await serve(new ToneSpeech({ msPerCharacter: 60, chunkMs: 80 }));
  const rows = await timeToFirstByte(tone, token, 'tone');
  for (const listeners of [1, 10, 100]) rows.push(await fanOut(tone, listeners, 2_000));
  await tone.close();
  const qwen3 = await Qwen3Speech.load({ model: await ensureStandinModel(), defaults: { maxFrames: 40 } });
  const standin = await serve(qwen3);
  rows.push(...(await timeToFirstByte(standin, token, 'qwen3 stand-in')));
  await standin.close();
  await qwen3.close();
  rows.push({ case: 'server RSS at the end', 'RSS MB': process.memoryUsage().rss / 2 ** 20 });
  printTable('@parley/transport-ws (loopback, clients in-process)', rows);
}

await main();
