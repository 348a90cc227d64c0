/**
 * Qwen3-TTS engine benchmark on the random-weight stand-in (tiny sizes: the numbers measure the
 * engine's own overhead, its ORT call count and the worker hop, not real-model arithmetic).
 * - Through the engine (`Qwen3Speech`, worker threads): time to first audio, RTF, throughput and
 *   event-loop lag at 1 and 4 concurrent streams, and RSS over many syntheses.
 * - In process: time per frame, the overhead outside `session.run`, the per-graph breakdown and
 *   the KV cache returned per decode step; and the JS sampling alone.
 * `--real-size` instead generates a random model with the real 0.6B sizes (~6.5 GB, in a temp
 * directory removed afterwards) and times frames in process with the same breakdown.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REAL_0_6B_SIZES, ensureStandinModel, generateStandinModel } from '@parley/models';
import { Qwen3Speech } from '../src/index.js';
import { concurrencyRows } from './concurrency.js';
import { overheadRows } from './overhead.js';
import { rssRows } from './rss.js';
import { samplingRows } from './sampling.js';
import { printTable } from '../../../bench/table.js';

const TEXT = 'Hello there, this is a benchmark sentence for the engine.';
const FRAMES = 100;
const ROUNDS = 5;
/** The target count of consecutive syntheses for the RSS check. */
const RSS_SYNTHESES = 500;

/** Frames timed at the real size: ~0.4 s each on a 2-core CPU. */
const REAL_SIZE_FRAMES = 24;

if (process.argv.includes('--real-size')) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-real-size-'));
  try {
    const started = performance.now();
    await generateStandinModel(dir, { sizes: REAL_0_6B_SIZES });
    const generated = { case: 'generate the real-size random model', n: 1, median: (performance.now() - started) / 1000, unit: 's' };
    const rows = [generated, ...(await overheadRows(dir, 1, TEXT, REAL_SIZE_FRAMES, 2))];
    printTable('@parley/tts-qwen3 at the real 0.6B sizes (random weights; CPU, 2 ORT threads per graph)', rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

const dir = await ensureStandinModel();
const rows = [];
for (const workers of [1, 2]) {
  const tts = await Qwen3Speech.load({ model: dir, threads: 1, workers });
  await tts.warmup();
  rows.push({ case: `engine load (${workers} worker${workers > 1 ? 's' : ''})`, n: 1, median: tts.info.loadMs, unit: 'ms' });
  for (const streams of [1, 4]) rows.push(...(await concurrencyRows(tts, `${workers}w × ${streams} streams`, streams, ROUNDS, TEXT, FRAMES)));
  if (workers === 1) rows.push(...(await rssRows(tts, RSS_SYNTHESES, 'A short one.', 10)));
  await tts.dispose();
}
rows.push(...(await overheadRows(dir, ROUNDS, TEXT, FRAMES)), ...samplingRows(1000));
printTable('@parley/tts-qwen3 on the stand-in model (H=32, 2 layers; CPU, 1 ORT thread per graph)', rows);
