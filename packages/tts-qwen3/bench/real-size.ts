/**
 * `--real-size`: random models with the real 0.6B sizes, generated at bench time in a temp
 * directory (never committed) — the community layout and the parley layout at fp32 from one
 * directory, and the parley layout at int8 and q4 — timed side by side in process with the
 * per-graph breakdown, and each quantized variant's error against fp32 (issue 7).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REAL_0_6B_SIZES, generateStandinModel, type StandinOptions } from '@parley/models';
import { loadModel, loadTokenizer, resolveSynthesisOptions, synthesizeText, type LayoutChoice } from '../src/index.js';
import type { BenchRow } from '../../../bench/table.js';
import { overheadRows } from './overhead.js';

/** The variants compared, each a directory made with these stand-in options and loaded with `layout`. */
const VARIANTS: ReadonlyArray<{ readonly name: string; readonly options: StandinOptions; readonly layout: LayoutChoice }> = [
  { name: 'fp32', options: { layout: 'community+parley' }, layout: 'community' },
  { name: 'fp32', options: { layout: 'community+parley' }, layout: 'parley' },
  { name: 'int8', options: { layout: 'parley', precision: 'int8' }, layout: 'parley' },
  { name: 'q4', options: { layout: 'parley', precision: 'q4' }, layout: 'parley' },
];

/** Times every variant on `text` for `frames` frames with `threads` ORT threads per graph. */
export async function realSizeRows(text: string, frames: number, threads: number): Promise<BenchRow[]> {
  const root = mkdtempSync(join(tmpdir(), 'parley-real-size-'));
  const rows: BenchRow[] = [];
  try {
    const dirs = new Map<string, string>();
    for (const { name, options } of VARIANTS) {
      if (dirs.has(name)) continue;
      const dir = join(root, name);
      const started = performance.now();
      await generateStandinModel(dir, { ...options, sizes: REAL_0_6B_SIZES });
      rows.push({ case: `generate ${name} (${options.layout})`, n: 1, median: (performance.now() - started) / 1000, unit: 's' });
      dirs.set(name, dir);
    }
    const reference = await greedyRun(dirs.get('fp32')!, 'parley', text, frames, threads);
    for (const { name, layout } of VARIANTS) {
      rows.push(...(await overheadRows(dirs.get(name)!, 1, text, frames, threads, layout === 'community' ? 'community' : 'parley')));
      if (name !== 'fp32') rows.push(...errorRows(name, reference, await greedyRun(dirs.get(name)!, 'parley', text, frames, threads)));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return rows;
}

interface GreedyRun {
  readonly firstLogits: Float32Array;
  readonly frames: number[][];
}

/** Greedy codes (every sampler off) and the prefill's logits of one synthesis. */
async function greedyRun(dir: string, layout: LayoutChoice, text: string, frames: number, threads: number): Promise<GreedyRun> {
  const model = await loadModel(dir, { threads, layout });
  const options = resolveSynthesisOptions({ doSample: false, subCodes: { doSample: false }, maxFrames: frames }, model.config, () => 0);
  const logits: Float32Array[] = [];
  const codes: number[][] = [];
  const trace = { onTalkerRun: (_input: Float32Array | undefined, step: Float32Array) => logits.length === 0 && logits.push(step.slice()) };
  const audio = synthesizeText({ model, tokenizer: loadTokenizer(dir) }, text, options, undefined, { trace, onFrame: (frame) => codes.push(Array.from(frame)) });
  for (let step = await audio.next(); !step.done; step = await audio.next());
  await model.release();
  return { firstLogits: logits[0]!, frames: codes };
}

/**
 * The prefill logits' largest error relative to their range, and the share of greedy codes equal
 * to fp32's (random weights give flat logits, so one flipped code changes every later frame:
 * the agreement is a lower bound for a trained model, whose logits are peaked).
 */
function errorRows(name: string, reference: GreedyRun, run: GreedyRun): BenchRow[] {
  const exact = reference.firstLogits;
  const range = Math.max(...exact) - Math.min(...exact);
  const error = Math.max(...run.firstLogits.map((value, i) => Math.abs(value - exact[i]!)));
  const pairs = reference.frames.flatMap((frame, f) => frame.map((code, g) => code === run.frames[f]?.[g]));
  const firstFrame = reference.frames[0]!.filter((code, g) => code === run.frames[0]?.[g]).length;
  return [
    { case: `parley ${name}: prefill logit error / fp32 logit range`, n: exact.length, median: error / range, unit: 'ratio' },
    { case: `parley ${name}: greedy codes equal to fp32 (all frames)`, n: pairs.length, median: pairs.filter(Boolean).length / pairs.length, unit: 'share' },
    { case: `parley ${name}: greedy codes equal to fp32 (frame 0)`, n: 16, median: firstFrame / 16, unit: 'share' },
  ];
}
