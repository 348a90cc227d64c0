/**
 * Qwen3-TTS engine benchmark on the random-weight stand-in (tiny sizes: the numbers measure the
 * engine's own overhead, its ORT call count and the worker hop, not real-model arithmetic).
 * - Through the engine (`Qwen3Speech`, worker threads): time to first audio, RTF, throughput and
 *   event-loop lag at 1 and 4 concurrent streams, and RSS over many syntheses.
 * - In process: time per frame, the overhead outside `session.run`, the per-graph breakdown and
 *   the KV cache returned per decode step; and the JS sampling alone.
 * `--real-size` instead generates random models with the real 0.6B sizes (in a temp directory
 * removed afterwards: the community layout, and the parley layout at fp32, int8 and q4) and
 * times frames in process with the same breakdown, side by side (bench/real-size.ts).
 */
import { ensureStandinModel } from '@parley/models';
import { Qwen3Speech } from '../src/index.js';
import { concurrencyRows } from './concurrency.js';
import { firstWordsRows, realSizeFirstWordsRows } from './first-words.js';
import { officialRows } from './official.js';
import { overheadRows } from './overhead.js';
import { realSizeRows } from './real-size.js';
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

if (process.argv.includes('--official')) {
  printTable('@parley/tts-qwen3 against the official implementation (reference checkpoints, random weights; greedy)', await officialRows());
  process.exit(0);
}

/** Syntheses per pace and text mode in the first-words table, and each sentence's frame cap. */
const FIRST_WORDS_ROUNDS = 3;
const FIRST_WORDS_FRAMES = 40;

if (process.argv.includes('--first-words')) {
  if (process.argv.includes('--real-size')) {
    printTable(
      '@parley/tts-qwen3: speaking from the first words at the real 0.6B sizes (q4, random weights; CPU, 2 ORT threads)',
      await realSizeFirstWordsRows(1, 16, 2),
    );
    process.exit(0);
  }
  const model = await ensureStandinModel(undefined, { layout: 'community+parley' });
  const rows = [];
  rows.push(...(await firstWordsRows(model, 'parley', 'parley layout', FIRST_WORDS_ROUNDS, FIRST_WORDS_FRAMES, 1, [1, 3, 6])));
  rows.push(...(await firstWordsRows(model, 'community', 'community layout', FIRST_WORDS_ROUNDS, FIRST_WORDS_FRAMES, 1)));
  printTable('@parley/tts-qwen3: speaking from the first words (stand-in; a simulated LLM; time from its first token)', rows);
  process.exit(0);
}

if (process.argv.includes('--real-size')) {
  printTable(
    '@parley/tts-qwen3 at the real 0.6B sizes (random weights; CPU, 2 ORT threads per graph)',
    await realSizeRows(TEXT, REAL_SIZE_FRAMES, 2),
  );
  process.exit(0);
}

const dir = await ensureStandinModel(undefined, { layout: 'community+parley' });
const rows = [];
for (const workers of [1, 2]) {
  const tts = await Qwen3Speech.load({ model: dir, threads: 1, workers, layout: 'community' });
  await tts.warmup();
  rows.push({ case: `engine load (${workers} worker${workers > 1 ? 's' : ''})`, n: 1, median: tts.info.loadMs, unit: 'ms' });
  for (const streams of [1, 4])
    rows.push(...(await concurrencyRows(tts, `${workers}w × ${streams} streams`, streams, ROUNDS, TEXT, FRAMES)));
  if (workers === 1) rows.push(...(await rssRows(tts, RSS_SYNTHESES, 'A short one.', 10)));
  await tts.close();
}
for (const layout of ['community', 'parley'] as const) rows.push(...(await overheadRows(dir, ROUNDS, TEXT, FRAMES, { layout })));
rows.push(...samplingRows(1000));
printTable('@parley/tts-qwen3 on the stand-in model (H=32, 2 layers; CPU, 1 ORT thread per graph)', rows);
