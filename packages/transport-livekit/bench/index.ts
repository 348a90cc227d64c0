/**
 * LiveKit benchmark, through a real server on loopback (scripts/livekit-server.mjs): the delay
 * from an engine's audio frame to a remote participant receiving it, at 1 and 4 rooms at once,
 * and the CPU each published stream costs. Each room has a parley publisher (`publishSpeech`)
 * and a listener; the "engine" emits, in real time, 100 ms tone pulses 900 ms apart, and each
 * pulse's delay is from the moment its first frame is emitted to the first loud 10 ms frame the
 * listener receives. Publishers and listeners share this process, so its CPU counts both.
 */
import { readFileSync } from 'node:fs';
import { Room } from '@livekit/rtc-node';
import { dispose as disposeRtc } from '@livekit/rtc-node';
import { PcmFrame, type SpeechEvent } from '@parley/core';
import { mintToken } from '@parley/core/tokens';
import { Observable } from 'rxjs';
import { startLiveKitServer, type LiveKitServer } from '../../../scripts/livekit-server.mjs';
import { printTable, quantile, type BenchRow } from '../../../bench/table.js';
import { publishSpeech } from '../src/index.js';
import { RoomRecording, type Arrival } from '../src/testing/index.js';

const RATE = 24_000;
const FRAME_MS = 20;
const PULSES = 15;
const PULSE_FRAMES = 5; // 100 ms of tone
// One pulse a second: a delay is matched to the pulse before it, so it must stay under 900 ms.
const PERIOD_FRAMES = 50;

/** A speech stream that emits 20 ms frames in real time, pulses of tone between silences, noting when each pulse's first frame left. */
function pulses(emitted: number[], count = PULSES): Observable<SpeechEvent> {
  return new Observable<SpeechEvent>((subscriber) => {
    subscriber.next({ type: 'segment-start', index: 0, text: 'pulses' });
    const samples = (RATE * FRAME_MS) / 1000;
    const started = performance.now();
    let frame = 0;
    const timer = setInterval(() => {
      for (; frame < Math.floor((performance.now() - started) / FRAME_MS) && frame < count * PERIOD_FRAMES; frame++) {
        const loud = frame % PERIOD_FRAMES < PULSE_FRAMES;
        if (frame % PERIOD_FRAMES === 0) emitted.push(performance.now());
        const data = Int16Array.from({ length: samples }, (_, i) =>
          loud ? Math.round(16_000 * Math.sin((2 * Math.PI * 440 * (frame * samples + i)) / RATE)) : 0,
        );
        subscriber.next({ type: 'audio', index: 0, frame: new PcmFrame(data, RATE) });
      }
      if (frame < count * PERIOD_FRAMES) return;
      clearInterval(timer);
      subscriber.next({ type: 'segment-end', index: 0, samples: frame * samples });
      subscriber.next({ type: 'done', segments: 1 });
      subscriber.complete();
    }, FRAME_MS / 2);
    return () => clearInterval(timer);
  });
}

/** When pulses began to arrive: a loud frame after at least 200 ms of quiet ones (a pulse's own dips do not count). */
function onsets(arrivals: readonly Arrival[]): number[] {
  const found: number[] = [];
  let quietSince = -Infinity;
  let quiet = true;
  for (const arrival of arrivals) {
    const loud = arrival.rms > 0.05;
    if (loud && quiet && arrival.at - quietSince >= 200) found.push(arrival.at);
    if (!loud && !quiet) quietSince = arrival.at;
    if (!loud && quietSince === -Infinity) quietSince = arrival.at;
    quiet = !loud;
  }
  return found;
}

/** Each emitted pulse's delay: to the first onset after it, before the next pulse is due (else it was lost). */
function delaysOf(emitted: readonly number[], arrived: readonly number[]): number[] {
  const periodMs = PERIOD_FRAMES * FRAME_MS;
  return emitted.flatMap((at) => {
    const onset = arrived.find((t) => t >= at && t < at + periodMs);
    return onset === undefined ? [] : [onset - at];
  });
}

/** CPU seconds (user + system) the server process has used, from /proc. */
function serverCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

async function listener(server: LiveKitServer, room: string): Promise<{ heard: RoomRecording; leave: () => Promise<void> }> {
  const token = await mintToken({ apiKey: server.apiKey, apiSecret: server.apiSecret, identity: 'listener', room, publish: true });
  const listening = new Room();
  const heard = new RoomRecording(listening, RATE);
  await listening.connect(server.url, token, { autoSubscribe: true, dynacast: false });
  await heard.subscribed;
  return { heard, leave: () => listening.disconnect() };
}

/** Streams pulses into `rooms` rooms at once; the delay of every pulse and the CPU per stream. */
async function measure(server: LiveKitServer, rooms: number): Promise<BenchRow> {
  const names = Array.from({ length: rooms }, (_, i) => `bench-${rooms}-${i}`);
  const publishers = await Promise.all(
    names.map((room) =>
      publishSpeech({ connect: { url: server.url, apiKey: server.apiKey, apiSecret: server.apiSecret, identity: 'agent', room } }),
    ),
  );
  const listeners = await Promise.all(names.map((room) => listener(server, room)));
  // A warm-up stream first: without it the first pulse into a just-subscribed track once went missing.
  await Promise.all(publishers.map((publisher) => publisher.speak(pulses([], 2)).done));
  const emitted = names.map(() => [] as number[]);
  const [cpuBefore, serverBefore, wallBefore] = [process.cpuUsage(), serverCpuSeconds(server.pid!), performance.now()];
  await Promise.all(publishers.map((publisher, i) => publisher.speak(pulses(emitted[i]!)).done));
  await new Promise((resolve) => setTimeout(resolve, 500)); // the last pulse crosses the server
  const cpu = process.cpuUsage(cpuBefore);
  const streamSeconds = ((performance.now() - wallBefore) / 1000) * rooms;
  const delays = listeners.flatMap(({ heard }, i) => delaysOf(emitted[i]!, onsets(heard.arrivals)));
  await Promise.all([...listeners.map((l) => l.leave()), ...publishers.map((p) => p.close())]);
  const received = delays.length / (PULSES * rooms);
  return {
    rooms,
    'pulses received': `${(received * 100).toFixed(0)}%`,
    'delay median ms': quantile(delays, 0.5),
    'delay p95 ms': quantile(delays, 0.95),
    'parley process CPU ms per stream-second': (cpu.user + cpu.system) / 1000 / streamSeconds,
    'server CPU ms per stream-second': ((serverCpuSeconds(server.pid!) - serverBefore) * 1000) / streamSeconds,
  };
}

const server = await startLiveKitServer();
try {
  const rows: BenchRow[] = [];
  for (const rooms of [1, 4]) rows.push(await measure(server, rooms));
  printTable(
    `LiveKit: engine frame to remote participant, ${PULSES} pulses per room (real server on loopback; publishers and listeners in one process)`,
    rows,
  );
} finally {
  await server.stop();
  await disposeRtc();
}
