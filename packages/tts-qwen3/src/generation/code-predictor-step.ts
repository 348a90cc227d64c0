import type { CancelSignal } from '../model/cancellation.js';
import type { OnnxGraph } from '../model/onnx-graph.js';
import { float32Tensor, lastView, outputFloats } from '../model/tensors.js';
import { ScalarInt64 } from './step-tensors.js';
import type { FrameSampler } from '../sampling/code-sampler.js';

/** The graphs that produce codes 1..15. */
export interface CodePredictorGraphs {
  readonly codePredictor: OnnxGraph;
  readonly codePredictorEmbed: OnnxGraph;
}

/** Codes 1..G−1 of a frame and the sum of their embeddings. */
export interface SubCodes {
  readonly codes: number[];
  /** `Σ_j CPE(c_j, j−1)`, H floats: part of the next talker input (doc §2 "Decode step k"). */
  readonly embedSum: Float32Array;
}

/**
 * The buffers and step tensors of {@link predictSubCodes}, made once per synthesis instead of
 * once per frame. Safe to reuse: a frame's context and sum are consumed before the next frame.
 */
export class CodePredictorScratch {
  readonly context: Float32Array;
  readonly embedSum: Float32Array;
  readonly step = new ScalarInt64([1]);
  readonly code = new ScalarInt64([1, 1]);

  constructor(hidden: number, codeGroups: number) {
    this.context = new Float32Array(codeGroups * hidden);
    this.embedSum = new Float32Array(hidden);
  }
}

/**
 * Runs the code predictor over a growing context (doc §3 loop step 5.3): `ctx = [last_hidden,
 * CE(c0)]`; for j = 0..G−2, `code_predictor(ctx, step j)` → sample `c_{j+1}` → append
 * `code_predictor_embed(c_{j+1}, j)`. No KV cache: each call sees the whole context (S = 2..16).
 * The returned `embedSum` is `scratch`'s: it holds until the next call with the same scratch.
 */
export async function predictSubCodes(
  graphs: CodePredictorGraphs,
  lastHidden: Float32Array,
  firstEmbed: Float32Array,
  sampler: FrameSampler,
  sizes: { hidden: number; codebook: number; codeGroups: number },
  signal?: CancelSignal,
  scratch = new CodePredictorScratch(sizes.hidden, sizes.codeGroups),
): Promise<SubCodes> {
  const { hidden, codebook, codeGroups } = sizes;
  // Reused across the 2 × 15 runs (and frames): the id and step values are set in place before each run.
  const { context, embedSum, step: stepTensor, code: codeTensor } = scratch;
  context.set(lastHidden, 0);
  context.set(firstEmbed, hidden);
  embedSum.fill(0);
  const codes: number[] = [];
  for (let step = 0; step < codeGroups - 1; step++) {
    const length = step + 2;
    // A view, not a copy: the context is not written while the run reads it.
    const feeds = { inputs_embeds: float32Tensor(context.subarray(0, length * hidden), [1, length, hidden]), generation_step: stepTensor.set(step) };
    const logits = lastView(outputFloats(await graphs.codePredictor.run(feeds, signal), 'logits'), codebook);
    const code = sampler.sampleSub(logits, step + 1);
    codes.push(code);
    const embedFeeds = { input_ids: codeTensor.set(code), generation_step: stepTensor.tensor };
    const embed = outputFloats(await graphs.codePredictorEmbed.run(embedFeeds, signal), 'embeds');
    if (step + 2 < codeGroups) context.set(embed, (step + 2) * hidden);
    for (let i = 0; i < hidden; i++) embedSum[i] = embedSum[i]! + embed[i]!;
  }
  return { codes, embedSum };
}
