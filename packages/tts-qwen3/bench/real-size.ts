/**
 * `--real-size`: random models with the real 0.6B sizes, generated at bench time in a temp
 * directory (never committed) — the community layout and the parley layout at fp32 from one
 * directory, and the parley layout at int8 and q4 — timed side by side in process with the
 * per-graph breakdown, and each quantized variant's error against fp32 (docs/model.md#parley-layout).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REAL_0_6B_SIZES, generateStandinModel, type StandinOptions } from '@parley/models';
import { loadModel, type LayoutChoice } from '../src/internals.js';
import type { BenchRow } from '../../../bench/table.js';
import { agreementRows, greedyRun } from './greedy-agreement.js';
import { listenerRows } from './listener.js';
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
    const reference = await greedyRun(dirs.get('fp32')!, { threads, layout: 'parley' }, text, frames);
    for (const { name, layout } of VARIANTS) {
      rows.push(
        ...(await overheadRows(dirs.get(name)!, 1, text, frames, { threads, layout: layout === 'community' ? 'community' : 'parley' })),
      );
      if (name !== 'fp32')
        rows.push(
          ...agreementRows(
            `parley ${name}`,
            'fp32',
            reference,
            await greedyRun(dirs.get(name)!, { threads, layout: 'parley' }, text, frames),
          ),
        );
    }
    rows.push(...(await listenerComparison(dirs.get('q4')!, text, frames, threads)));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return rows;
}

/**
 * A real-time listener of parley q4, at 1 and 2 concurrent streams, with each decoding plan:
 * the streaming decoder (every frame decoded once, audio after each frame) and the windowed one
 * it replaces (4 frames, then 25, each decoded again with 50 frames of context), and the streaming
 * one behind the startup lead Qwen3Speech applies (its first audio held until playback cannot
 * catch up with the generation).
 */
async function listenerComparison(dir: string, text: string, frames: number, threads: number): Promise<BenchRow[]> {
  const model = await loadModel(dir, { threads, layout: 'parley' });
  const windowed = { ...model, graphs: { ...model.graphs, codecStreaming: undefined } };
  const rows: BenchRow[] = [];
  try {
    for (const streams of [1, 2]) {
      rows.push(...(await listenerRows(model, 'parley q4, streaming decoder', streams, text, frames)));
      rows.push(...(await listenerRows(model, 'parley q4, streaming decoder, startup lead', streams, text, frames, {})));
      rows.push(...(await listenerRows(windowed, 'parley q4, windowed decoder (4 + 25 frames, 50 of context)', streams, text, frames)));
    }
  } finally {
    await model.release();
  }
  return rows;
}
