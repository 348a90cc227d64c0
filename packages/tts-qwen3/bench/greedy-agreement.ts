/** Greedy codes and first logits of one synthesis, and how far a variant's are from a reference's. */
import {
  loadModel,
  loadTokenizer,
  resolveSynthesisOptions,
  synthesizeText,
  type LoadModelOptions,
  type Qwen3Model,
} from '../src/internals.js';
import type { BenchRow } from '../../../bench/table.js';

/** What one greedy synthesis produced. */
export interface GreedyRun {
  readonly firstLogits: Float32Array;
  readonly frames: number[][];
}

/** Greedy codes (every sampler off) and the prefill's logits of one synthesis of `frames` frames. */
export async function greedyRun(dir: string, load: LoadModelOptions, text: string, frames: number): Promise<GreedyRun> {
  const model = await loadModel(dir, load);
  try {
    return await greedyRunOf(model, text, frames);
  } finally {
    await model.release();
  }
}

/** {@link greedyRun} on a model already loaded. */
export async function greedyRunOf(model: Qwen3Model, text: string, frames: number): Promise<GreedyRun> {
  const options = resolveSynthesisOptions({ doSample: false, subCodes: { doSample: false }, maxFrames: frames }, model.config, () => 0);
  const logits: Float32Array[] = [];
  const codes: number[][] = [];
  const trace = { onTalkerRun: (_input: Float32Array | undefined, step: Float32Array) => logits.length === 0 && logits.push(step.slice()) };
  const audio = synthesizeText({ model, tokenizer: loadTokenizer(model.dir) }, text, options, undefined, {
    trace,
    onFrame: (frame) => codes.push(Array.from(frame)),
  });
  for (let step = await audio.next(); !step.done; step = await audio.next());
  return { firstLogits: logits[0]!, frames: codes };
}

/**
 * The prefill logits' largest error relative to their range, and the share of greedy codes equal
 * to the reference's (random weights give flat logits, so one flipped code changes every later
 * frame: the agreement is a lower bound for a trained model, whose logits are peaked).
 */
export function agreementRows(name: string, referenceName: string, reference: GreedyRun, run: GreedyRun): BenchRow[] {
  const exact = reference.firstLogits;
  const range = Math.max(...exact) - Math.min(...exact);
  const error = Math.max(...run.firstLogits.map((value, i) => Math.abs(value - exact[i]!)));
  const pairs = reference.frames.flatMap((frame, f) => frame.map((code, g) => code === run.frames[f]?.[g]));
  const firstFrame = reference.frames[0]!.filter((code, g) => code === run.frames[0]?.[g]).length;
  return [
    { case: `${name}: prefill logit error / ${referenceName} logit range`, n: exact.length, median: error / range, unit: 'ratio' },
    {
      case: `${name}: greedy codes equal to ${referenceName} (all frames)`,
      n: pairs.length,
      median: pairs.filter(Boolean).length / pairs.length,
      unit: 'share',
    },
    { case: `${name}: greedy codes equal to ${referenceName} (frame 0)`, n: 16, median: firstFrame / 16, unit: 'share' },
  ];
}
