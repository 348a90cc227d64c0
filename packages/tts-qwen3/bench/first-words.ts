/**
 * `--first-words`: speaking from the first words against waiting for whole sentences
 * (`textMode` incremental and sentence), with a simulated LLM writing a three-sentence answer at
 * 20, 50 and 100 tokens a second and in bursts. Through the engine (`Qwen3Speech`, its worker),
 * a real-time listener ({@link listen}) measures the time to first audio from the LLM's first
 * token, and the underruns and stall once playing. With `--real-size` too, on a random q4 model
 * of the real 0.6B sizes (generated at bench time, never committed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateStandinModel, REAL_0_6B_SIZES } from '@parley/models';
import { concatMap, delay, from, of, type Observable } from 'rxjs';
import { DEFAULT_LEAD_TOKENS, Qwen3Speech, type Qwen3SynthesisOptions } from '../src/index.js';
import type { LayoutChoice } from '../src/internals.js';
import { listen, type Arrival, type ListenerReport } from './listener.js';
import { median, type BenchRow } from '../../../bench/table.js';

const ANSWER =
  'Once upon a time, a small robot lived in a lighthouse by the sea. Every night it counted the ships that passed. One stormy evening, a boat lost its way.';

/** How the simulated LLM paces its tokens: ms before token i, from the first. */
interface Pace {
  readonly name: string;
  readonly at: (token: number) => number;
}

const PACES: readonly Pace[] = [
  { name: '20 tok/s', at: (i) => i * 50 },
  { name: '50 tok/s', at: (i) => i * 20 },
  { name: '100 tok/s', at: (i) => i * 10 },
  // Eight tokens at once every 400 ms: 20 tok/s on average, with 400 ms silences.
  { name: 'bursts of 8 every 400 ms', at: (i) => Math.floor(i / 8) * 400 },
];

/** `ANSWER` as LLM tokens (each word with the space before it), at `pace`, the first at once. */
function llmTokens(pace: Pace): Observable<string> {
  const words = ANSWER.match(/\s*\S+/g) ?? [];
  const started = performance.now();
  return from(words.map((word, i) => ({ word, at: pace.at(i) }))).pipe(
    concatMap(({ word, at }) => of(word).pipe(delay(Math.max(0, at - (performance.now() - started))))),
  );
}

/** One synthesis of the answer at `pace`, as the listener heard it. */
async function listenOnce(tts: Qwen3Speech, pace: Pace, seed: number, maxFrames: number): Promise<ListenerReport> {
  const arrivals: Arrival[] = [];
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    tts.synthesize(llmTokens(pace), { seed, maxFrames }).subscribe({
      next: (event) =>
        event.type === 'audio' && arrivals.push({ atMs: performance.now() - started, samples: event.frame.samplesPerChannel }),
      error: reject,
      complete: resolve,
    });
  });
  return listen(arrivals);
}

/**
 * Rows for each pace and text mode (incremental once per lead in `leads`): median time to first
 * audio from the first token, underruns and stall, over `rounds` syntheses of at most
 * `maxFrames` frames per sentence.
 */
export async function firstWordsRows(
  model: string,
  layout: LayoutChoice,
  label: string,
  rounds: number,
  maxFrames: number,
  threads: number,
  leads: readonly number[] = [DEFAULT_LEAD_TOKENS],
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const modes: Qwen3SynthesisOptions[] = [
    { textMode: 'sentence' },
    ...leads.map((leadTokens) => ({ textMode: 'incremental' as const, leadTokens })),
  ];
  for (const mode of modes) {
    const tts = await Qwen3Speech.load({ model, threads, layout, defaults: { ...mode, streamingText: true } });
    await tts.warmup();
    const name = mode.textMode === 'sentence' ? 'sentence' : `incremental, lead ${mode.leadTokens}`;
    for (const pace of PACES) {
      const reports: ListenerReport[] = [];
      for (let round = 0; round < rounds; round++) reports.push(await listenOnce(tts, pace, round + 1, maxFrames));
      const of = (key: keyof ListenerReport) => median(reports.map((report) => report[key]));
      rows.push({
        case: `${label}, ${pace.name}, ${name}`,
        n: rounds,
        'first audio ms': of('firstAudioMs'),
        underruns: of('underruns'),
        'stall ms': of('stallMs'),
      });
    }
    await tts.close();
  }
  return rows;
}

/** {@link firstWordsRows} on a random q4 model of the real 0.6B sizes, generated into a temp directory and removed after. */
export async function realSizeFirstWordsRows(rounds: number, maxFrames: number, threads: number): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-first-words-'));
  try {
    await generateStandinModel(dir, { layout: 'parley', precision: 'q4', sizes: REAL_0_6B_SIZES });
    return await firstWordsRows(dir, 'parley', 'real size q4', rounds, maxFrames, threads);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
