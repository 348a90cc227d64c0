/**
 * Qwen3-TTS engine benchmark on the random-weight stand-in (tiny sizes: the numbers measure the
 * engine's own overhead, its ORT call count and the worker hop, not real-model arithmetic).
 * - Through the engine (`Qwen3Speech`, worker threads): time to first audio, RTF, throughput and
 *   event-loop lag at 1 and 4 concurrent streams, and RSS over many syntheses.
 * - In process: time per frame, the overhead outside `session.run`, the per-graph breakdown and
 *   the KV cache returned per decode step; and the JS sampling alone.
 */
import { ensureStandinModel } from '@parley/models';
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
