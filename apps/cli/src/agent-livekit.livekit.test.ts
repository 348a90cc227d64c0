import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Room, RoomEvent, type RemoteParticipant } from '@livekit/rtc-node';
import { heardWords } from '@parley/core';
import { mintToken } from '@parley/core/tokens';
import { publishMicrophone, RoomRecording } from '@parley/transport-livekit/testing';
import { LiveMic, speak, SPEECH_RATE_HZ } from '@parley/voice-agent/testing';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { startLiveKitServer, type LiveKitServer } from '../../../scripts/livekit-server.mjs';

const BIN = fileURLToPath(new URL('../bin/parley.js', import.meta.url));
const RATE = 24_000;
/** The CLI's tone engine: 60 ms of beep per character. */
const MS_PER_CHAR = 60;
/** The local responder's answer when no speech recognizer is configured (the CLI's default). */
const REPLY = 'I heard you speak, but no speech recognizer is configured, so I could not make out the words.';

let server: LiveKitServer;
beforeAll(async () => {
  server = await startLiveKitServer();
});
afterAll(async () => {
  await server?.stop();
});

/** A running `parley agent` and the lines it has printed so far. */
interface AgentProcess {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first printed line matching `pattern`'s match. */
  line(pattern: RegExp): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

/** Starts `parley agent --livekit-url … --room room --engine tone` and waits until it is in the room. */
async function agentIn(room: string): Promise<AgentProcess> {
  const env = { ...process.env, NODE_ENV: 'production', LIVEKIT_API_KEY: server.apiKey, LIVEKIT_API_SECRET: server.apiSecret };
  const child = spawn(process.execPath, [BIN, 'agent', '--livekit-url', server.url, '--room', room, '--engine', 'tone'], { env });
  const lines: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on('line', (text) => lines.push(text));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const line = async (pattern: RegExp) => {
    let match: RegExpMatchArray | null | undefined;
    await vi.waitFor(() => expect((match = lines.map((text) => text.match(pattern)).find(Boolean)), lines.join('\n')).toBeTruthy(), {
      timeout: 60_000,
      interval: 20,
    });
    return match!;
  };
  await line(new RegExp(`parley voice agent: in room "${room}"`));
  return { child, lines, line, exited };
}

/** A participant with a live microphone, recording the agent's track; `leave()` closes both. */
interface User {
  room: Room;
  heard: RoomRecording;
  mic: LiveMic;
  leave(): Promise<void>;
}

/** Joins `room` as `identity` with a microphone, and waits until the agent listens to it and is heard. */
async function joinAgent(agent: AgentProcess, room: string, identity = 'user'): Promise<User> {
  const token = await mintToken({ apiKey: server.apiKey, apiSecret: server.apiSecret, identity, room, publish: true });
  const user = new Room();
  const heard = new RoomRecording(user, RATE, 'parley-agent');
  await user.connect(server.url, token, { autoSubscribe: true, dynacast: false });
  const mic = new LiveMic(SPEECH_RATE_HZ);
  const microphone = await publishMicrophone(user, mic.frames$, SPEECH_RATE_HZ);
  await agent.line(new RegExp(`listening to ${identity}$`));
  await heard.subscribed;
  return { room: user, heard, mic, leave: () => microphone.close().then(() => user.disconnect()) };
}

/** Says `text` into `mic` and waits until `ms` more of the agent's audio has reached `heard`. */
async function askAndHear(user: User, ms = 500, text = 'Hello, can you hear me?'): Promise<void> {
  const before = user.heard.loudSamples();
  user.mic.say(await speak(text));
  await vi.waitFor(() => expect(user.heard.loudSamples() - before).toBeGreaterThan((ms / 1000) * RATE), { timeout: 30_000, interval: 10 });
}

/** Stops the agent with SIGTERM and expects a clean exit. */
async function stopAgent(agent: AgentProcess): Promise<void> {
  agent.child.kill('SIGTERM');
  expect(await agent.exited, agent.lines.join('\n')).toBe(0);
}

test('parley agent --livekit-url joins a real room: it answers a spoken turn, stops when talked over, and keeps only what was heard', async () => {
  const agent = await agentIn('conversation');
  const user = await joinAgent(agent, 'conversation');
  const { heard, mic } = user;

  const question = await speak('Hello, can you hear me?');
  mic.say(question);
  const askedAt = performance.now();
  await vi.waitFor(() => expect(heard.loud().length).toBeGreaterThan(0), { timeout: 30_000, interval: 10 });
  const answeredAfterMs = heard.loud()[0]!.at - askedAt - question.durationMs;
  await agent.line(/^\S+ user \(turn 1\): ""/);

  // Talk over the reply once 1.5 s of it has arrived.
  await vi.waitFor(() => expect(heard.loudSamples()).toBeGreaterThan(1.5 * RATE), { timeout: 30_000, interval: 10 });
  const bargeInAt = performance.now();
  mic.say(await speak('Wait, stop, please stop talking now.'));
  const [, heardText] = await agent.line(/interrupted \(turn 1, barge-in\): heard "(.*)"$/);
  await delay(1_000); // what is still in flight through the server arrives
  // A snapshot while the user is still talking, so before the agent's reply to that begins.
  const [lookedAt, reply] = [performance.now(), heard.loud()];
  const stoppedAfterMs = reply.at(-1)!.at - bargeInAt;
  const receivedMs = (reply.reduce((samples, arrival) => samples + arrival.samples, 0) / RATE) * 1000;
  console.log(
    `voice to voice through the server ${answeredAfterMs.toFixed(0)} ms; agent audio stopped ${stoppedAfterMs.toFixed(0)} ms after the user ` +
      `started talking over it; ${receivedMs.toFixed(0)} ms of the reply reached the user, heard: "${heardText}"`,
  );

  // The reply stopped (silent for a while before the snapshot, long before its end), and the
  // history keeps what reached the user.
  expect(lookedAt - reply.at(-1)!.at).toBeGreaterThan(500);
  expect(receivedMs).toBeLessThan(REPLY.length * MS_PER_CHAR - 2_000);
  expect(heardText!.length).toBeGreaterThan(0);
  expect(REPLY.startsWith(heardText!)).toBe(true);
  // What the agent counts as heard (from the samples it played) is what the user received, give
  // or take 300 ms of network jitter buffer and Opus framing; words count whole.
  const wordsWithin = (ms: number) => heardWords(REPLY, Math.floor(ms / MS_PER_CHAR));
  expect(wordsWithin(receivedMs - 300).length).toBeLessThanOrEqual(heardText!.length);
  expect(heardText!.length).toBeLessThanOrEqual(wordsWithin(receivedMs + 300).length);
  await agent.line(new RegExp(`agent \\(turn 1\\) \\[interrupted\\]: ${JSON.stringify(heardText).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

  // SIGTERM: the agent leaves the room and exits cleanly.
  const left = new Promise<string>((resolve) =>
    user.room.on(RoomEvent.ParticipantDisconnected, (p: RemoteParticipant) => resolve(p.identity)),
  );
  await stopAgent(agent);
  expect(await left).toBe('parley-agent');
  await user.leave();
}, 180_000);

test('a participant who leaves mid-reply: the reply stops, and the agent talks to the next one', async () => {
  const agent = await agentIn('leaving');
  const first = await joinAgent(agent, 'leaving');
  const observer = new Room(); // stays in the room, hearing what the agent sends
  const overheard = new RoomRecording(observer, RATE, 'parley-agent');
  await observer.connect(
    server.url,
    await mintToken({ apiKey: server.apiKey, apiSecret: server.apiSecret, identity: 'observer', room: 'leaving', publish: true }),
  );
  await askAndHear(first, 1_000);
  const leftAt = performance.now();
  await first.leave();
  await agent.line(/user stopped sending audio/);
  await delay(1_500);
  const stoppedAfterMs = overheard.loud().at(-1)!.at - leftAt;
  console.log(`the agent's audio stopped ${stoppedAfterMs.toFixed(0)} ms after the user left mid-reply`);
  expect(overheard.loudSamples() / RATE).toBeLessThan((REPLY.length * MS_PER_CHAR) / 1000 - 2);
  expect(performance.now() - overheard.loud().at(-1)!.at).toBeGreaterThan(1_000); // silent since

  const second = await joinAgent(agent, 'leaving', 'second-user');
  await askAndHear(second);
  await stopAgent(agent);
  await Promise.all([second.leave(), observer.disconnect()]);
}, 180_000);

test('the server crashes and restarts mid-reply: the agent says so, rejoins, and answers the next turn', async () => {
  const agent = await agentIn('restart');
  const user = await joinAgent(agent, 'restart');
  await askAndHear(user, 1_000);
  const crashedAt = performance.now();
  await server.restart();
  await agent.line(/lost the connection to LiveKit: reconnecting/);
  const back = await agent.line(/reconnected to LiveKit/);
  console.log(`the agent rejoined ${(performance.now() - crashedAt).toFixed(0)} ms after the crash (${back[0]})`);
  // The user's client rejoined too: its microphone is a new track, the conversation starts again.
  await vi.waitFor(() => expect(agent.lines.filter((line) => /listening to user/.test(line)).length).toBeGreaterThan(1), {
    timeout: 30_000,
    interval: 20,
  });
  await askAndHear(user);
  expect(user.heard.subscriptions).toBeGreaterThan(1); // the agent's track, published again
  await stopAgent(agent); // its track has a new sid now: unpublishing it still closes cleanly
  await user.leave();
}, 180_000);

test('a network outage mid-reply (the server frozen for 20 s): the agent reports it, resumes when it ends, and answers the next turn', async () => {
  const agent = await agentIn('outage');
  const user = await joinAgent(agent, 'outage');
  await askAndHear(user, 1_000);
  server.pause();
  const lost = agent.line(/lost the connection to LiveKit: reconnecting/);
  await delay(20_000);
  server.resume();
  const resumedAt = performance.now();
  await lost; // rtc-node notices after its ping timeout (about 14 s)
  await agent.line(/reconnected to LiveKit/);
  console.log(`the agent rejoined ${(performance.now() - resumedAt).toFixed(0)} ms after the outage ended`);
  // The server kept both sessions: they resume, and the same conversation goes on.
  await askAndHear(user);
  await agent.line(/user \(turn 2\)/);
  expect(agent.lines.filter((line) => /listening to user/.test(line))).toHaveLength(1);
  await stopAgent(agent);
  await user.leave();
}, 180_000);

test('removed from the room by the server: the agent exits 1 at once, saying why', async () => {
  const agent = await agentIn('removed');
  const removedAt = performance.now();
  await new RoomServiceClient(server.httpUrl, server.apiKey, server.apiSecret).removeParticipant('removed', 'parley-agent');
  expect(await agent.exited).toBe(1);
  console.log(`the agent exited ${(performance.now() - removedAt).toFixed(0)} ms after being removed`);
  expect(agent.lines.join('\n')).toMatch(/parley: INTERNAL: LiveKit ended the agent's session in room "removed" \(PARTICIPANT_REMOVED\)/);
}, 60_000);
