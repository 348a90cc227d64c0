/**
 * Voice-agent latency benchmark: 20 scripted turns through the real loop — real Silero VAD on
 * pre-generated espeak-ng speech (text2wav), fed through a real-time microphone (LiveMic: the
 * loop's turn-taking and metrics run on the wall clock, so there is no virtual-time shortcut),
 * a loopback OpenAI-compatible STT server that returns a fixed text, the local responder, and
 * Qwen3-TTS on the random-weight stand-in (CPU). Each turn is stopped with `interrupt()` once
 * its first audio is out: only the latency to it is measured. Prints median and p95 of each
 * stage and of voice-to-voice, with the fixed end-of-turn silence (`minSilenceMs`) taken out.
 * Then the same loop asked for a story, with the LLM at 20, 50 and 100 tokens a second and in
 * bursts, in both text modes: when the first audio comes, from the first token and from the end
 * of the user's turn, speaking from the first words (incremental) against whole sentences.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { ensureStandinModel } from '@parley/models';
import { Qwen3Speech } from '@parley/tts-qwen3';
import type { TurnMetrics } from '../src/agent/agent-events.js';
import { startRig } from '../src/agent/testing/agent-rig.js';
import { SileroVad } from '../src/listen/silero/silero-vad.js';
import { speak } from '../src/listen/testing/speech-fixture.js';
import { concatMap, delay as rxDelay, of as just } from 'rxjs';
import type { LanguageModel } from '../src/llm/language-model.js';
import { LocalResponder } from '../src/llm/local-responder.js';
import { median, printTable, quantile, type BenchRow } from '../../../bench/table.js';

const TURNS = 20;
/** Turns per pace and text mode in the first-words table. */
const PACED_TURNS = 6;

/** A simulated LLM pace: the local responder's script, its words at a set rate or in bursts. */
const PACES: readonly { readonly name: string; readonly llm: () => LanguageModel }[] = [
  { name: '20 tok/s', llm: () => new LocalResponder({ wordDelayMs: 50 }) },
  { name: '50 tok/s', llm: () => new LocalResponder({ wordDelayMs: 20 }) },
  { name: '100 tok/s', llm: () => new LocalResponder({ wordDelayMs: 10 }) },
  { name: 'bursts of 8 every 400 ms', llm: () => bursty(new LocalResponder({ wordDelayMs: 0 }), 8, 400) },
];

/** `llm`'s words held back and released `size` at a time every `everyMs` (the first burst at once). */
function bursty(llm: LanguageModel, size: number, everyMs: number): LanguageModel {
  return {
    reply: (history, signal) => {
      const started = performance.now();
      return llm
        .reply(history, signal)
        .pipe(
          concatMap((word, i) => just(word).pipe(rxDelay(Math.max(0, Math.floor(i / size) * everyMs - (performance.now() - started))))),
        );
    },
    describe: () => `${llm.describe()}, in bursts of ${size} every ${everyMs} ms`,
  };
}
/** The VAD's default silence that ends a turn: a fixed wait, not a cost of any stage. */
const MIN_SILENCE_MS = 500;
/** A pause between turns, so the next question never overlaps the interrupted reply's tail. */
const GAP_MS = 300;

/** What one measured run talks to: the engine's options, the LLM, and the question asked. */
interface Setup {
  readonly textMode?: 'incremental' | 'sentence';
  readonly llm: LanguageModel;
  readonly question: string;
  readonly turns: number;
}

/** Runs one warm-up turn and `setup.turns` measured ones; returns each measured turn's metrics. */
async function measure(model: string, detector: SileroVad, setup: Setup): Promise<TurnMetrics[]> {
  const [engine, question] = await Promise.all([
    Qwen3Speech.load({ model, defaults: setup.textMode ? { textMode: setup.textMode } : {} }),
    speak(setup.question),
  ]);
  const heard = setup.question.toLowerCase().replace(/[^a-z ]/g, '');
  const rig = await startRig({ detector, tts: engine, llm: setup.llm, heard: [heard] });
  const measured: TurnMetrics[] = [];
  try {
    for (let turn = 1; turn <= setup.turns + 1; turn++) {
      rig.mic.say(question);
      const event = await rig.events.waitFor((e) => e.type === 'metrics' && e.metrics.turn === turn, 60_000);
      if (event.type === 'metrics' && turn > 1) measured.push(event.metrics);
      rig.agent.interrupt();
      await rig.events.waitFor((e) => e.type === 'agent' && e.turn === turn);
      await delay(GAP_MS);
      process.stderr.write(`turn ${turn}/${setup.turns + 1}${turn === 1 ? ' (warm-up)' : ''}\r`);
    }
  } finally {
    process.stderr.write('\n');
    await rig.close();
    await engine.close();
  }
  return measured;
}

/** One table row: a stage's median and p95 over the turns, `offsetMs` taken off. */
function row(stage: string, values: (number | undefined)[], offsetMs = 0): BenchRow {
  const known = values.filter((v): v is number => v !== undefined).map((v) => v - offsetMs);
  if (known.length === 0) return { stage, turns: 0 };
  return { stage, turns: known.length, 'median ms': median(known), 'p95 ms': quantile(known, 0.95) };
}

const model = await ensureStandinModel();
const detector = await SileroVad.load();
const turns = await measure(model, detector, { llm: new LocalResponder(), question: 'What time is it?', turns: TURNS });
const of = (key: keyof TurnMetrics) => turns.map((m) => m[key]);
printTable(`voice agent, ${TURNS} turns (real time; stand-in Qwen3 on CPU, local responder, loopback STT)`, [
  row(`end of turn − ${MIN_SILENCE_MS} ms silence`, of('endOfTurnMs'), MIN_SILENCE_MS),
  row('STT (loopback)', of('sttMs')),
  row('LLM first token', of('llmFirstTokenMs')),
  row('TTS first audio', of('ttsFirstAudioMs')),
  row(`voice to voice − ${MIN_SILENCE_MS} ms silence`, of('voiceToVoiceMs'), MIN_SILENCE_MS),
]);

// Speaking from the first words against whole sentences: the story's first sentence is 15 words.
const paced: BenchRow[] = [];
for (const pace of PACES) {
  for (const textMode of ['sentence', 'incremental'] as const) {
    const measured = await measure(model, detector, { textMode, llm: pace.llm(), question: 'Tell me a story.', turns: PACED_TURNS });
    const first = row(
      `${pace.name}, ${textMode}: TTS first audio from the first token`,
      measured.map((m) => m.ttsFirstAudioMs),
    );
    const v2v = row(
      `${pace.name}, ${textMode}: voice to voice − ${MIN_SILENCE_MS} ms silence`,
      measured.map((m) => m.voiceToVoiceMs),
      MIN_SILENCE_MS,
    );
    paced.push(first, v2v);
  }
}
await detector.dispose();
printTable(`voice agent, first words against whole sentences (${PACED_TURNS} turns each; a story, the LLM at a set pace)`, paced);
