import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadEngine, type LoadedEngine } from '../cli/engine.js';
import { SileroVad } from '../listen/silero/silero-vad.js';
import { speak } from '../listen/testing/speech-fixture.js';
import { LocalResponder } from '../llm/local-responder.js';
import { NoSpeechToText } from '../stt/no-speech-to-text.js';
import { sleep, startRig, until } from './testing/agent-rig.js';

let detector: SileroVad;
let engine: LoadedEngine;

beforeAll(async () => {
  detector = await SileroVad.load();
  engine = await loadEngine({ engine: 'qwen3', model: 'standin', device: 'cpu' });
}, 300_000);
afterAll(async () => {
  await detector.dispose();
  await engine.dispose();
});

test('the real engine on the stand-in: a turn is answered with audio, and interrupt() stops the engine', async () => {
  const rig = await startRig({ detector, tts: engine.tts, llm: new LocalResponder({ wordDelayMs: 20 }), stt: new NoSpeechToText() });
  try {
    rig.mic.say(await speak('Hello there, can you hear me?'));
    await until(() => rig.sink.pushedSamples > 0, 120_000);
    expect(rig.events.values.find((e) => e.type === 'user')).toMatchObject({ text: '' });
    rig.agent.interrupt();
    const at = performance.now();
    const interrupted = await rig.events.waitFor((e) => e.type === 'interrupted');
    expect(interrupted).toMatchObject({ reason: 'manual' });
    await sleep(1_500); // a frame still being generated would arrive within this
    expect(rig.sink.samplesWrittenAfter(at)).toBe(0);
    expect(rig.sink.queuedSamples).toBe(0);
  } finally {
    await rig.close();
  }
}, 300_000);
