/**
 * `--official`: parley's quantized weights against the official implementation. Each reference
 * checkpoint is converted at int8 and q4 (reference/README.md) and every golden case is run
 * greedily: the prefill logits' error relative to their range, and the share of codes equal to
 * the official ones (fp32 gives all of them; the parity tests hold it to that). On random weights
 * the logits are flat and one flipped code changes every later frame, so these are lower bounds
 * for a trained model.
 */
import type { WeightPrecision } from '@parley/qwen3-contract';
import { loadModel } from '../src/internals.js';
import { readGoldens, referenceModel, runOfficialCase, type OfficialCase } from '../src/testing/official-goldens.js';
import { agreementRows } from './greedy-agreement.js';
import { median, type BenchRow } from '../../../bench/table.js';

/** Rows per precision: the median over cases of the logit error, and the codes equal to the official ones. */
export async function officialRows(precisions: readonly WeightPrecision[] = ['fp32', 'int8', 'q4']): Promise<BenchRow[]> {
  const { cases } = readGoldens();
  const rows: BenchRow[] = [];
  for (const precision of precisions) {
    const errors: number[] = [];
    let [equal, total, firstEqual] = [0, 0, 0];
    for (const name of new Set(cases.map((c) => c.checkpoint))) {
      const reference = await referenceModel(name, precision);
      const model = await loadModel(reference.model, { threads: 1 });
      for (const c of cases.filter((c) => c.checkpoint === name)) {
        const run = await runOfficialCase(model, c);
        const [error, all, first] = agreementRows('', 'official', official(c), run).map((row) => Number(row.median));
        errors.push(error!);
        const pairs = c.frames.length * 16;
        [equal, total, firstEqual] = [equal + all! * pairs, total + pairs, firstEqual + first!];
      }
      await model.release();
      reference.remove();
    }
    rows.push(
      {
        case: `${precision}: prefill logit error / official logit range (median of ${cases.length} cases)`,
        n: cases.length,
        median: median(errors),
        unit: 'ratio',
      },
      { case: `${precision}: greedy codes equal to the official ones (all frames)`, n: total, median: equal / total, unit: 'share' },
      {
        case: `${precision}: greedy codes equal to the official ones (frame 0)`,
        n: cases.length * 16,
        median: firstEqual / cases.length,
        unit: 'share',
      },
    );
  }
  return rows;
}

function official(c: OfficialCase) {
  return { firstLogits: Float32Array.from(c.first_logits), frames: c.frames };
}
