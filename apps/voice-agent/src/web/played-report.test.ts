import { setTimeout as delay } from 'node:timers/promises';
import { heardWords, type PcmFrame } from '@parley/core';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import WebSocket from 'ws';
import type { AgentEvent } from '../agent/agent-events.js';
import { join, silence, speak } from '../listen/testing/speech-fixture.js';
import { startToneAgentServer, type ToneAgentServer } from './testing/tone-agent-server.js';

type ServerMessage = ConversationServerMessage | AgentEvent;
import { WS_PATHS, type ConversationClientMessage, type ConversationServerMessage } from '@parley/transport-ws';

/** The local responder's story starts with this sentence; ToneSpeech gives it 1,440 samples a character. */
const FIRST_SENTENCE = 'Once upon a time, a small robot lived in a lighthouse by the sea.';
const SAMPLES_PER_CHAR = 1_440;

let server: ToneAgentServer | undefined;
let turn: PcmFrame;

beforeAll(async () => {
  server = await startToneAgentServer(['tell me a story'], 5);
  turn = join(await speak('Tell me a story, please.'), silence(1_000));
}, 60_000);
afterAll(async () => {
  await server?.close();
});

/** A page stand-in on a real WebSocket: it speaks a turn and collects the agent's messages and audio. */
async function connectPage() {
  const socket = new WebSocket(`${server!.url.replace('http', 'ws')}${WS_PATHS.conversation}`);
  const messages: ServerMessage[] = [];
  let audioSamples = 0;
  socket.on('message', (data, isBinary) =>
    isBinary ? (audioSamples += (data as Buffer).byteLength / 2) : messages.push(JSON.parse(String(data)) as ServerMessage),
  );
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const send = (message: ConversationClientMessage) => socket.send(JSON.stringify(message));
  const waitFor = (match: (m: ServerMessage) => boolean) =>
    vi.waitFor(
      () => {
        const found = messages.find(match);
        if (!found) throw new Error(`no such message yet; got ${messages.map((m) => m.type).join(', ')}`);
        return found;
      },
      { timeout: 20_000, interval: 10 },
    );
  /** Sends the turn as 20 ms blocks (faster than real time: the VAD counts audio time). */
  const speakTurn = () => {
    send({ type: 'start', sampleRate: turn.sampleRate });
    const block = turn.sampleRate / 50;
    for (let at = 0; at < turn.data.length; at += block) socket.send(Buffer.from(turn.data.slice(at, at + block).buffer));
  };
  return { socket, send, waitFor, speakTurn, audioSamples: () => audioSamples };
}

const interruptedAnswer = (m: ServerMessage): m is Extract<AgentEvent, { type: 'agent' }> => m.type === 'agent' && m.interrupted;

/** Speaks a turn, waits until the answer has been playing for a second by the server's clock, lets `report` run, interrupts. */
async function interruptAfterReports(report: (page: Awaited<ReturnType<typeof connectPage>>) => void) {
  const page = await connectPage();
  try {
    page.speakTurn();
    await page.waitFor((m) => m.type === 'metrics'); // the first agent audio is out
    await delay(1_000);
    report(page);
    await delay(50);
    page.send({ type: 'interrupt' });
    const answer = await page.waitFor(interruptedAnswer);
    return { answer: answer as Extract<AgentEvent, { type: 'agent' }>, clear: await page.waitFor((m) => m.type === 'clear') };
  } finally {
    page.socket.close();
  }
}

test('the interrupted answer is cut where the page says it was, not where the server clock is', async () => {
  const { answer, clear } = await interruptAfterReports((page) => {
    expect(page.audioSamples()).toBeGreaterThan(24_000);
    page.send({ type: 'played', samples: 7_200, buffered: 0 }); // 300 ms: the page started late
  });
  expect(clear).toEqual({ type: 'clear' });
  expect(answer.heard?.samples).toBe(7_200);
  expect(answer.text).toBe(heardWords(FIRST_SENTENCE, 7_200 / SAMPLES_PER_CHAR));
  expect(answer.text).toBe('Once');
});

test('a page that reports nothing played yet stores no agent text at all', async () => {
  const { answer } = await interruptAfterReports((page) => page.send({ type: 'played', samples: 0, buffered: 0 }));
  expect(answer.heard?.samples).toBe(0);
  expect(answer.text).toBe('');
});

test('a page that never reports is cut by the server clock (about a second in)', async () => {
  const { answer } = await interruptAfterReports(() => {});
  expect(answer.heard!.samples).toBeGreaterThan(20_000);
  expect(FIRST_SENTENCE.startsWith(answer.text)).toBe(true);
  expect(answer.text.split(' ').length).toBeGreaterThan(2);
});
