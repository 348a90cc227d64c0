import type { CancelSignal } from '../model/cancellation.js';
import type { Qwen3Model } from '../model/load-model.js';
import type { Outputs } from '../model/onnx-graph.js';
import { float32Tensor, lastView, outputFloats } from '../model/tensors.js';
import type { PrefillEmbeds } from '../prompt/prefill-embeds.js';
import type { FrameSampler } from '../sampling/code-sampler.js';
import { CodePredictorScratch, predictSubCodes } from './code-predictor-step.js';
import { DeviceKvCache } from './device-kv-cache.js';
import { ReturnedKvCache, CapacityKvCache, type KvCache } from './kv-cache.js';
import { OnesMask } from './step-tensors.js';
import { wholeTrailing, type TrailingText } from './trailing-text.js';

/** Why generation ended: the talker sampled EOS, or `maxFrames` frames were made. */
export type StopReason = 'eos' | 'max-frames';

/** Observes the talker's steps; for tests that compare the loop with a reference. */
export interface TalkerTrace {
  /** Called after each talker run: `input` is the decode step's embedding (undefined for the prefill). */
  onTalkerRun(input: Float32Array | undefined, logits: Float32Array, lastHidden: Float32Array): void;
  /** Called after each talker run with the cache it left (the bench reads its size). */
  onCache?(cache: KvCache): void;
}

/** Options of {@link generateFrames}. */
export interface FrameLoopOptions {
  /** At most this many frames (≥ 1); a function for a cap that grows while the text arrives. */
  readonly maxFrames: number | (() => number);
  /** The decode steps' text track; default the prefill's own (its text was whole). */
  readonly trailing?: TrailingText;
  /** Checked before every ONNX run: once aborted, no further run starts. */
  readonly signal?: CancelSignal;
  readonly trace?: TalkerTrace;
}

/** The talker's output that the next frame needs. */
interface TalkerState {
  logits: Float32Array;
  lastHidden: Float32Array;
}

/** What one synthesis keeps across talker runs: the cache and the reused step tensors. */
interface TalkerContext {
  readonly model: Pick<Qwen3Model, 'graphs' | 'sizes'>;
  readonly cache: KvCache;
  /** The community graphs' all-ones `attention_mask`; the parley graphs take none. */
  readonly mask: OnesMask | undefined;
  readonly signal: CancelSignal | undefined;
  readonly trace: TalkerTrace | undefined;
}

/**
 * The generation loop (docs/model.md#the-frame-loop): prefill, then per frame sample code 0 (stop
 * at EOS), embed it, let the code predictor add codes 1..15, and feed `e0 + Σ CPE + (trailing[k] or
 * tts_pad)` to `talker_decode` with the grown mask and the previous KV. Yields each frame's codes
 * as soon as they exist, so decoding can start while generation goes on; returns why it stopped.
 *
 * `maxFrames` counts frames produced: the official `max_new_tokens` N yields N − 1 frames
 * (docs/model.md#sampling), which is `maxFrames` N − 1 here; no talker run is spent on a frame that
 * will not be.
 */
export async function* generateFrames(
  model: Pick<Qwen3Model, 'graphs' | 'sizes' | 'config' | 'layout' | 'embeddings'>,
  prefill: PrefillEmbeds,
  sampler: FrameSampler,
  options: FrameLoopOptions,
): AsyncGenerator<Int32Array, StopReason> {
  const { graphs, sizes, embeddings } = model;
  const { signal } = options;
  const talker: TalkerContext = {
    model,
    cache: talkerCache(model, signal),
    mask: model.layout === 'community' ? new OnesMask() : undefined,
    signal,
    trace: options.trace,
  };
  const predictorCache = codePredictorCache(model, signal);
  const scratch = new CodePredictorScratch(sizes.hidden, sizes.codeGroups, predictorCache);
  const trailing = options.trailing ?? wholeTrailing(prefill);
  const cap = options.maxFrames;
  const maxFrames = typeof cap === 'number' ? () => cap : cap;
  try {
    let state = await runPrefill(talker, prefill);
    for (let frame = 0; frame < maxFrames(); frame++) {
      const first = sampler.sampleFirst(state.logits, frame);
      if (first === model.config.codec.eos) return 'eos';
      const firstEmbed = await embeddings.codec(first, signal);
      const sub = await predictSubCodes(graphs.codePredictor, embeddings, state.lastHidden, firstEmbed, sampler, sizes, signal, scratch);
      yield Int32Array.from([first, ...sub.codes]);
      if (frame === maxFrames() - 1) break;
      const input = firstEmbed.slice();
      const text = await trailing.at(frame);
      for (let i = 0; i < sizes.hidden; i++) input[i] = input[i]! + sub.embedSum[i]! + text[i]!;
      state = await runDecode(talker, input);
    }
    return 'max-frames';
  } finally {
    // A cache on a GPU holds device memory until freed: on every exit, a cancel included.
    talker.cache.release();
    predictorCache.release();
  }
}

/** The code predictor's cache, on the device when the model keeps its caches there. */
function codePredictorCache(
  model: Pick<Qwen3Model, 'graphs' | 'sizes'>,
  signal: CancelSignal | undefined,
): DeviceKvCache | CapacityKvCache {
  const { kvAppend } = model.graphs;
  return kvAppend ? new DeviceKvCache(kvAppend.codePredictor, signal, model.sizes.codeGroups) : new CapacityKvCache(model.sizes.codeGroups);
}

/** The talker's cache for the model's layout, on the device when the model keeps it there. */
function talkerCache(model: Pick<Qwen3Model, 'graphs' | 'sizes' | 'layout'>, signal: CancelSignal | undefined): KvCache {
  const { graphs } = model;
  if (model.layout === 'community') return new ReturnedKvCache(model.sizes.layers, (tensor) => graphs.talkerDecode.free(tensor));
  return graphs.kvAppend ? new DeviceKvCache(graphs.kvAppend.talker, signal) : new CapacityKvCache();
}

async function runPrefill(talker: TalkerContext, prefill: PrefillEmbeds): Promise<TalkerState> {
  const { model, mask } = talker;
  const feeds = {
    inputs_embeds: float32Tensor(prefill.embeds, [1, prefill.length, model.sizes.hidden]),
    ...(mask && { attention_mask: mask.of(prefill.length) }),
  };
  return talkerRan(talker, undefined, await model.graphs.talkerPrefill.run(feeds, talker.signal));
}

async function runDecode(talker: TalkerContext, input: Float32Array): Promise<TalkerState> {
  const { model, cache, mask } = talker;
  const feeds = {
    inputs_embeds: float32Tensor(input, [1, 1, model.sizes.hidden]),
    ...(mask && { attention_mask: mask.of(cache.length + 1) }),
    ...cache.feeds(),
  };
  return talkerRan(talker, input, await model.graphs.talkerDecode.run(feeds, talker.signal));
}

/**
 * Takes in a talker run: the cache, and the last position's logits and hidden state (their tails,
 * whatever the shape: docs/model.md#talker-output-shapes).
 */
async function talkerRan(talker: TalkerContext, input: Float32Array | undefined, outputs: Outputs): Promise<TalkerState> {
  const { sizes } = talker.model;
  await talker.cache.update(outputs);
  const state = {
    // Views of this run's outputs: each is read before the next run replaces it.
    logits: lastView(outputFloats(outputs, 'logits'), sizes.codecVocab),
    lastHidden: lastView(outputFloats(outputs, 'last_hidden'), sizes.hidden),
  };
  talker.trace?.onTalkerRun(input, state.logits, state.lastHidden);
  talker.trace?.onCache?.(talker.cache);
  return state;
}
