import { setTimeout as delay } from 'node:timers/promises';
import { ensureStandinModel } from '@parley/models';
import { Qwen3Speech } from '@parley/tts-qwen3';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { SileroVad } from '../listen/silero/silero-vad.js';
import { speak } from '../listen/testing/speech-fixture.js';
import { LocalResponder } from '../llm/local-responder.js';
import { NoSpeechToText } from '../stt/no-speech-to-text.js';
import { startRig } from './testing/agent-rig.js';

let detector: SileroVad;
let engine: Qwen3Speech;

beforeAll(async () => {
  detector = await SileroVad.load();
  engine = await Qwen3Speech.load({ model: await ensureStandinModel() });
}, 300_000);
afterAll(async () => {
  await detector.dispose();
  await engine.close();
});

test('the real engine on the stand-in: a turn is answered with audio, and interrupt() stops the engine', async () => {
  const rig = await startRig({ detector, tts: engine, llm: new LocalResponder({ wordDelayMs: 20 }), stt: new NoSpeechToText() });
  try {
    rig.mic.say(await speak('Hello there, can you hear me?'));
    await vi.waitFor(() => expect(rig.output.pushedSamples).toBeGreaterThan(0), { timeout: 120_000 });
    expect(rig.events.values.find((e) => e.type === 'user')).toMatchObject({ text: '' });
    rig.agent.interrupt();
    const at = performance.now();
    const interrupted = await rig.events.waitFor((e) => e.type === 'interrupted');
    expect(interrupted).toMatchObject({ reason: 'manual' });
    await delay(1_500); // a frame still being generated would arrive within this
    expect(rig.output.samplesWrittenAfter(at)).toBe(0);
    expect(rig.output.queuedSamples).toBe(0);
  } finally {
    await rig.close();
  }
}, 300_000);
