import { setTimeout as delay } from 'node:timers/promises';
import { heardWords, ToneSpeech, type PcmFrame } from '@parley/core';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { SileroVad } from '../listen/silero/silero-vad.js';
import { speak } from '../listen/testing/speech-fixture.js';
import type { AgentEvent } from './agent-events.js';
import { paced } from './testing/chat-server.js';
import { startRig, type AgentRig } from './testing/agent-rig.js';

/** ToneSpeech's pace: 60 ms of audio per character at 24 kHz. */
const SAMPLES_PER_CHAR = 1_440;

let detector: SileroVad;
let question: PcmFrame;
let stop: PcmFrame;
let rig: AgentRig | undefined;

beforeAll(async () => {
  detector = await SileroVad.load();
  question = await speak('What time is it now?');
  stop = await speak('Wait, stop, please stop talking now.');
});
afterAll(() => detector.dispose());
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

type Of<T extends AgentEvent['type']> = Extract<AgentEvent, { type: T }>;
const is =
  <T extends AgentEvent['type']>(type: T, turn = 1) =>
  (e: AgentEvent): e is Of<T> =>
    e.type === type && (!('turn' in e) || e.turn === turn);

/** Chunks the rig's ToneSpeech has generated: frozen once the engine is unsubscribed. */
function toneChunks(r: AgentRig): number {
  if (!(r.tts instanceof ToneSpeech)) throw new Error('not a ToneSpeech rig');
  return r.tts.chunksGenerated;
}

/** After an interruption: nothing more written or played for 600 ms, the engine idle. */
async function expectSilenceAfter(r: AgentRig, atMs: number): Promise<void> {
  const played = r.output.playedSamples;
  await delay(600);
  expect(r.output.samplesWrittenAfter(atMs)).toBe(0);
  expect(r.output.playedSamples).toBe(played);
  expect(r.output.queuedSamples).toBe(0);
}

describe('VoiceAgent with real VAD, loopback STT and LLM, ToneSpeech', () => {
  test('a turn gets a reply: transcript, full answer played, metrics', async () => {
    rig = await startRig({ detector, scripts: [paced('It is noon.', 20)], heard: ['what time is it'] });
    rig.mic.say(question);
    const answer = await rig.events.waitFor(is('agent'));
    expect(rig.events.values.find(is('user'))?.text).toBe('what time is it');
    expect(answer).toMatchObject({ text: 'It is noon.', interrupted: false });
    expect(rig.output.pushedSamples).toBe('It is noon.'.length * SAMPLES_PER_CHAR);
    const { metrics } = await rig.events.waitFor(is('metrics'));
    expect(metrics.endOfTurnMs).toBeGreaterThan(300); // the VAD's 500 ms of silence, less its pad
    expect(metrics.endOfTurnMs).toBeLessThan(2_000);
    for (const stage of ['sttMs', 'llmFirstTokenMs', 'ttsFirstAudioMs'] as const) expect(metrics[stage]).toBeGreaterThanOrEqual(0);
    expect(metrics.voiceToVoiceMs).toBeGreaterThan(metrics.endOfTurnMs!);
    expect(rig.chat!.requests[0]!.messages.at(-1)).toEqual({ role: 'user', content: 'what time is it' });
    expect(rig.agent.conversation.entries).toEqual([
      { role: 'user', text: 'what time is it' },
      { role: 'assistant', text: 'It is noon.', interrupted: false },
    ]);
  });

  test('barge-in before the first audio: the LLM request is aborted and nothing is played', async () => {
    rig = await startRig({ detector, scripts: [paced('Let me think about that.', 20, 6_000)] });
    rig.mic.say(question);
    await rig.events.waitFor(is('user'));
    rig.mic.say(stop);
    const interrupted = await rig.events.waitFor(is('interrupted'));
    expect(interrupted.reason).toBe('barge-in');
    const request = rig.chat!.requests[0]!;
    await vi.waitFor(() => expect(request.closedEarly).toBe(true), { timeout: 2_000, interval: 10 });
    expect(request.written).toEqual([]);
    expect(rig.output.pushedSamples).toBe(0);
    expect(rig.events.values.find(is('agent'))).toMatchObject({ text: '', interrupted: true });
    expect(rig.agent.conversation.entries.filter((e) => e.role === 'assistant')).toEqual([]);
  });

  test('barge-in mid-sentence: cut to the words played, engine and LLM stopped, queue dropped', async () => {
    const sentence = 'Once upon a time, there was a little robot who loved to sing songs all day long.';
    const script = [...paced(`${sentence} She`, 10), { afterMs: 8_000, text: ' sang.' }];
    rig = await startRig({ detector, scripts: [script] });
    rig.mic.say(question);
    const r = rig;
    await vi.waitFor(() => expect(r.output.playedSamples).toBeGreaterThan(1.2 * 24_000), { timeout: 20_000, interval: 10 });
    rig.mic.say(stop);
    const interrupted = await rig.events.waitFor(is('interrupted'));
    const at = performance.now();
    const heard = interrupted.heard!;
    expect(rig.output.queuedSamples).toBe(0); // the rest of the sentence was dropped, unplayed
    expect(Math.abs(heard.samples - rig.output.playedSamples)).toBeLessThanOrEqual(48); // 2 ms: the clock runs between the two reads
    expect(heard.samples).toBeLessThan(sentence.length * SAMPLES_PER_CHAR);
    // The text heard, from the samples played: characters take 60 ms each, words count whole.
    expect(heard.text).toBe(heardWords(sentence, Math.round(rig.output.playedSamples / SAMPLES_PER_CHAR)));
    expect(heard.text.length).toBeGreaterThan(5);
    expect(rig.events.values.find(is('agent'))).toMatchObject({ text: heard.text, interrupted: true });
    expect(rig.agent.conversation.entries.at(-1)).toEqual({ role: 'assistant', text: heard.text, interrupted: true });
    await vi.waitFor(() => expect(rig!.chat!.requests[0]!.closedEarly).toBe(true), { timeout: 2_000, interval: 10 });
    expect(rig.chat!.requests[0]!.written).not.toContain(' sang.');
    await expectSilenceAfter(rig, at);
  });

  test('barge-in between sentences: the first sentence, whole, is what was heard', async () => {
    const script = [...paced('Hello there. How', 10), { afterMs: 8_000, text: ' are you?' }];
    rig = await startRig({ detector, scripts: [script] });
    rig.mic.say(question);
    const r = rig;
    await vi.waitFor(() => expect(r.output.pushedSamples > 0 && r.output.queuedSamples === 0).toBe(true), {
      timeout: 20_000,
      interval: 10,
    });
    await delay(200);
    const chunks = toneChunks(rig);
    rig.mic.say(stop);
    const interrupted = await rig.events.waitFor(is('interrupted'));
    const at = performance.now();
    expect(interrupted.heard).toMatchObject({ text: 'Hello there.', samples: 'Hello there.'.length * SAMPLES_PER_CHAR, segmentIndex: 0 });
    expect(rig.agent.conversation.entries.at(-1)).toEqual({ role: 'assistant', text: 'Hello there.', interrupted: true });
    await vi.waitFor(() => expect(rig!.chat!.requests[0]!.closedEarly).toBe(true), { timeout: 2_000, interval: 10 });
    expect(toneChunks(rig)).toBe(chunks); // "How" was never spoken
    await expectSilenceAfter(rig, at);
  });

  test('interrupt() stops a reply mid-sentence like a barge-in', async () => {
    const sentence = 'Once upon a time, there was a little robot who loved to sing songs all day long.';
    rig = await startRig({ detector, scripts: [[...paced(`${sentence} She`, 10), { afterMs: 8_000, text: ' sang.' }]] });
    rig.mic.say(question);
    const r = rig;
    await vi.waitFor(() => expect(r.output.playedSamples).toBeGreaterThan(0.5 * 24_000), { timeout: 20_000, interval: 10 });
    rig.agent.interrupt();
    const at = performance.now();
    const interrupted = await rig.events.waitFor(is('interrupted'));
    expect(interrupted.reason).toBe('manual');
    expect(interrupted.heard!.text).toBe(heardWords(sentence, Math.round(rig.output.playedSamples / SAMPLES_PER_CHAR)));
    expect(rig.agent.replying).toBe(false);
    await vi.waitFor(() => expect(rig!.chat!.requests[0]!.closedEarly).toBe(true), { timeout: 2_000, interval: 10 });
    await expectSilenceAfter(rig, at);
  });
});
