/** The JS side of each frame that no graph accounts for: drawing its 16 codes. */
import { CodeSampler, DEFAULT_SAMPLING, Prng } from '../src/internals.js';
import { quantile, type BenchRow } from '../../../bench/table.js';

/**
 * Times one frame's sampling (code 0 over 3072 logits, codes 1–15 over 2048 each) with the
 * default parameters, on fixed pseudo-random logits: the share of the per-frame overhead that
 * is arithmetic in JS rather than orchestration.
 */
export function samplingRows(frames: number): BenchRow[] {
  const prng = new Prng(7);
  const talker = Float32Array.from({ length: 3072 }, () => prng.nextFloat() * 10);
  const predictor = Float32Array.from({ length: 2048 }, () => prng.nextFloat() * 10);
  const sampler = new CodeSampler(DEFAULT_SAMPLING, DEFAULT_SAMPLING, { eos: 2150, codebook: 2048 }, new Prng(1));
  const perFrame: number[] = [];
  for (let frame = 0; frame < frames; frame++) {
    const started = performance.now();
    sampler.sampleFirst(talker, frame + 2);
    for (let group = 1; group < 16; group++) sampler.sampleSub(predictor, group);
    perFrame.push(performance.now() - started);
  }
  const measured = perFrame.slice(frames / 5); // the first fifth warms up the JIT
  return [
    {
      case: 'JS sampling of 16 codes per frame (part of the overhead)',
      n: measured.length,
      median: quantile(measured, 0.5),
      p90: quantile(measured, 0.9),
      unit: 'ms',
    },
  ];
}
