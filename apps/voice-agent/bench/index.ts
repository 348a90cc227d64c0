/**
 * Voice-agent latency benchmark: 20 scripted turns through the real loop — real Silero VAD on
 * pre-generated espeak-ng speech (text2wav), fed through a real-time microphone (LiveMic: the
 * loop's turn-taking and metrics run on the wall clock, so there is no virtual-time shortcut),
 * a loopback OpenAI-compatible STT server that returns a fixed text, the local responder, and
 * Qwen3-TTS on the random-weight stand-in (CPU). Each turn is stopped with `interrupt()` once
 * its first audio is out: only the latency to it is measured. Prints median and p95 of each
 * stage and of voice-to-voice, with the fixed end-of-turn silence (`minSilenceMs`) taken out.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { ensureStandinModel } from '@parley/models';
import { Qwen3Speech } from '@parley/tts-qwen3';
import type { TurnMetrics } from '../src/agent/agent-events.js';
import { startRig } from '../src/agent/testing/agent-rig.js';
import { SileroVad } from '../src/listen/silero/silero-vad.js';
import { speak } from '../src/listen/testing/speech-fixture.js';
import { LocalResponder } from '../src/llm/local-responder.js';
import { median, printTable, quantile, type BenchRow } from '../../../bench/table.js';

const TURNS = 20;
/** The VAD's default silence that ends a turn: a fixed wait, not a cost of any stage. */
const MIN_SILENCE_MS = 500;
/** A pause between turns, so the next question never overlaps the interrupted reply's tail. */
const GAP_MS = 300;

/** Runs one warm-up turn and `TURNS` measured ones; returns each measured turn's metrics. */
async function measure(): Promise<TurnMetrics[]> {
  const [engine, detector, question] = await Promise.all([
    ensureStandinModel().then((model) => Qwen3Speech.load({ model })),
    SileroVad.load(),
    speak('What time is it?'),
  ]);
  const rig = await startRig({ detector, tts: engine, llm: new LocalResponder(), heard: ['what time is it'] });
  const measured: TurnMetrics[] = [];
  try {
    for (let turn = 1; turn <= TURNS + 1; turn++) {
      rig.mic.say(question);
      const event = await rig.events.waitFor((e) => e.type === 'metrics' && e.metrics.turn === turn, 60_000);
      if (event.type === 'metrics' && turn > 1) measured.push(event.metrics);
      rig.agent.interrupt();
      await rig.events.waitFor((e) => e.type === 'agent' && e.turn === turn);
      await delay(GAP_MS);
      process.stderr.write(`turn ${turn}/${TURNS + 1}${turn === 1 ? ' (warm-up)' : ''}\r`);
    }
  } finally {
    process.stderr.write('\n');
    await rig.close();
    await Promise.all([engine.close(), detector.dispose()]);
  }
  return measured;
}

/** One table row: a stage's median and p95 over the turns, `offsetMs` taken off. */
function row(stage: string, values: (number | undefined)[], offsetMs = 0): BenchRow {
  const known = values.filter((v): v is number => v !== undefined).map((v) => v - offsetMs);
  if (known.length === 0) return { stage, turns: 0 };
  return { stage, turns: known.length, 'median ms': median(known), 'p95 ms': quantile(known, 0.95) };
}

const turns = await measure();
const of = (key: keyof TurnMetrics) => turns.map((m) => m[key]);
printTable(`voice agent, ${TURNS} turns (real time; stand-in Qwen3 on CPU, local responder, loopback STT)`, [
  row(`end of turn − ${MIN_SILENCE_MS} ms silence`, of('endOfTurnMs'), MIN_SILENCE_MS),
  row('STT (loopback)', of('sttMs')),
  row('LLM first token', of('llmFirstTokenMs')),
  row('TTS first audio', of('ttsFirstAudioMs')),
  row(`voice to voice − ${MIN_SILENCE_MS} ms silence`, of('voiceToVoiceMs'), MIN_SILENCE_MS),
]);
