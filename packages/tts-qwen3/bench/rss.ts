/** Memory over many consecutive syntheses: a leak shows as RSS that keeps growing. */
import { lastValueFrom } from 'rxjs';
import type { Qwen3Speech } from '../src/index.js';
import type { BenchRow } from '../../../bench/table.js';

/** Warm-up syntheses before the first RSS reading: the allocator's and ORT's arenas settle. */
const WARMUP_SYNTHESES = 20;

/**
 * RSS (the whole process: the main thread and the workers) after a warm-up, and again after
 * `count` more syntheses, each with its own seed.
 */
export async function rssRows(tts: Qwen3Speech, count: number, text: string, maxFrames: number): Promise<BenchRow[]> {
  for (let i = 0; i < WARMUP_SYNTHESES; i++) await lastValueFrom(tts.synthesize(text, { seed: i, maxFrames }));
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  for (let i = 0; i < count; i++) await lastValueFrom(tts.synthesize(text, { seed: 1000 + i, maxFrames }));
  globalThis.gc?.();
  const after = process.memoryUsage().rss;
  return [
    { case: `RSS before ${count} syntheses`, n: 1, median: before / 2 ** 20, unit: 'MiB' },
    { case: `RSS after ${count} syntheses`, n: 1, median: after / 2 ** 20, unit: 'MiB' },
    { case: 'RSS change', n: count, median: ((after - before) / before) * 100, unit: '% (target within ±5)' },
  ];
}
