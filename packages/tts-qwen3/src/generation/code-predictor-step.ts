import type { CancelSignal } from '../model/cancellation.js';
import type { CodePredictorGraphs } from '../model/load-model.js';
import type { OnnxGraph } from '../model/onnx-graph.js';
import { float32Tensor, lastView, outputFloats } from '../model/tensors.js';
import type { FrameSampler } from '../sampling/code-sampler.js';
import type { CodeEmbeddings } from './code-embeddings.js';
import { CapacityKvCache, type KvCache } from './kv-cache.js';
import { ScalarInt64 } from './step-tensors.js';

/** Codes 1..G−1 of a frame and the sum of their embeddings. */
export interface SubCodes {
  readonly codes: number[];
  /** `Σ_j CPE(c_j, j−1)`, H floats: part of the next talker input (docs/model.md#decode-step-input). */
  readonly embedSum: Float32Array;
}

/**
 * The buffers and step tensors of {@link predictSubCodes}, made once per synthesis instead of
 * once per frame. Safe to reuse: a frame's context, cache and sum are consumed before the next frame.
 */
export class CodePredictorScratch {
  /** `[last_hidden, CE(c0), CPE(c1), …]`: the community graph's input, the parley prefill's first two rows. */
  readonly context: Float32Array;
  readonly embedSum: Float32Array;
  readonly step = new ScalarInt64([1]);

  /** @param cache the parley step graphs' cache, emptied each frame (≤ G positions); in host memory when absent. */
  constructor(
    hidden: number,
    codeGroups: number,
    readonly cache: KvCache & { reset(): void } = new CapacityKvCache(codeGroups),
  ) {
    this.context = new Float32Array(codeGroups * hidden);
    this.embedSum = new Float32Array(hidden);
  }
}

/** The logits of code `step + 1`, given the embedding of code `step` (step ≥ 1). */
type NextLogits = (embed: Float32Array, step: number) => Promise<Float32Array>;

/**
 * Runs the code predictor for one frame (docs/model.md#the-frame-loop, step 3.2): over
 * `[last_hidden, CE(c0)]` for code 1, then for j = 1..G−2, after appending `CPE(c_j, j−1)`, for
 * code j+1. The community graph recomputes the whole context each call (S = 2..16); the parley
 * graphs prefill the first two positions and then take one position a step against their cache
 * (docs/model.md#parley-layout). Same codes. The returned `embedSum` is `scratch`'s: it holds until
 * the next call with the same scratch.
 */
export async function predictSubCodes(
  predictor: CodePredictorGraphs,
  embeddings: CodeEmbeddings,
  lastHidden: Float32Array,
  firstEmbed: Float32Array,
  sampler: FrameSampler,
  sizes: { hidden: number; codebook: number; codeGroups: number },
  signal?: CancelSignal,
  scratch = new CodePredictorScratch(sizes.hidden, sizes.codeGroups),
): Promise<SubCodes> {
  const { hidden, codebook, codeGroups } = sizes;
  const { context, embedSum } = scratch;
  context.set(lastHidden, 0);
  context.set(firstEmbed, hidden);
  embedSum.fill(0);
  const [first, next] =
    predictor.cache === 'none' ? recomputing(predictor.full, scratch, hidden, signal) : cached(predictor, scratch, hidden, signal);
  let logits = await first();
  const codes: number[] = [];
  for (let step = 0; step < codeGroups - 1; step++) {
    const code = sampler.sampleSub(lastView(logits, codebook), step + 1);
    codes.push(code);
    const embed = await embeddings.sub(code, step, signal);
    for (let i = 0; i < hidden; i++) embedSum[i] = embedSum[i]! + embed[i]!;
    if (step + 1 < codeGroups - 1) logits = await next(embed, step + 1);
  }
  return { codes, embedSum };
}

/** The community graph: each call sees the whole context `[0, step + 2)` (docs/model.md#community-layout). */
function recomputing(
  graph: OnnxGraph,
  scratch: CodePredictorScratch,
  hidden: number,
  signal?: CancelSignal,
): [() => Promise<Float32Array>, NextLogits] {
  const { context, step: stepTensor } = scratch;
  const run = async (step: number) => {
    const length = step + 2;
    // A view, not a copy: the context is not written while the run reads it.
    const feeds = {
      inputs_embeds: float32Tensor(context.subarray(0, length * hidden), [1, length, hidden]),
      generation_step: stepTensor.set(step),
    };
    return outputFloats(await graph.run(feeds, signal), 'logits');
  };
  const next: NextLogits = (embed, step) => {
    context.set(embed, (step + 1) * hidden);
    return run(step);
  };
  return [() => run(0), next];
}

/** The parley graphs: a prefill over the first two positions, then one position a step. */
function cached(
  graphs: { prefill: OnnxGraph; step: OnnxGraph },
  scratch: CodePredictorScratch,
  hidden: number,
  signal?: CancelSignal,
): [() => Promise<Float32Array>, NextLogits] {
  const { context, cache, step: stepTensor } = scratch;
  const first = async () => {
    const outputs = await graphs.prefill.run({ inputs_embeds: float32Tensor(context.subarray(0, 2 * hidden), [1, 2, hidden]) }, signal);
    cache.reset();
    await cache.update(outputs);
    return outputFloats(outputs, 'logits');
  };
  const next: NextLogits = async (embed, step) => {
    const feeds = { inputs_embeds: float32Tensor(embed, [1, 1, hidden]), generation_step: stepTensor.set(step), ...cache.feeds() };
    const outputs = await graphs.step.run(feeds, signal);
    await cache.update(outputs);
    return outputFloats(outputs, 'logits');
  };
  return [first, next];
}
