import type { CancelSignal } from '../model/cancellation.js';
import type { Qwen3Model } from '../model/load-model.js';
import type { Outputs } from '../model/onnx-graph.js';
import { float32Tensor, int64Tensor, lastValues, onesMask, outputFloats } from '../model/tensors.js';
import type { PrefillEmbeds } from '../prompt/prefill-embeds.js';
import type { FrameSampler } from '../sampling/code-sampler.js';
import { predictSubCodes } from './code-predictor-step.js';
import { KvCache } from './kv-cache.js';

/** Why generation ended: the talker sampled EOS, or `maxFrames` frames were made. */
export type StopReason = 'eos' | 'max-frames';

/** Observes the talker's steps; for tests that compare the loop with a reference. */
export interface TalkerTrace {
  /** Called after each talker run: `input` is the decode step's embedding (undefined for the prefill). */
  onTalkerRun(input: Float32Array | undefined, logits: Float32Array, lastHidden: Float32Array): void;
}

/** Options of {@link generateFrames}. */
export interface FrameLoopOptions {
  /** At most this many frames (≥ 1). */
  readonly maxFrames: number;
  /** Checked before every ONNX run: once aborted, no further run starts. */
  readonly signal?: CancelSignal;
  readonly trace?: TalkerTrace;
}

/** The talker's state between frames. */
interface TalkerState {
  logits: Float32Array;
  lastHidden: Float32Array;
  cache: KvCache;
}

/**
 * The generation loop of doc §3: prefill, then per frame sample code 0 (stop at EOS), embed it,
 * let the code predictor add codes 1..15, and feed `e0 + Σ CPE + (trailing[k] or tts_pad)` to
 * `talker_decode` with the grown mask and the previous KV. Yields each frame's codes as soon as
 * they exist, so decoding can start while generation goes on; returns why it stopped.
 *
 * `maxFrames` counts frames produced: the official `max_new_tokens` N yields N − 1 frames
 * (doc §2), which is `maxFrames` N − 1 here; no talker run is spent on a frame that will not be.
 */
export async function* generateFrames(
  model: Pick<Qwen3Model, 'graphs' | 'sizes' | 'config'>,
  prefill: PrefillEmbeds,
  sampler: FrameSampler,
  options: FrameLoopOptions,
): AsyncGenerator<Int32Array, StopReason> {
  const { graphs, sizes } = model;
  const { signal, trace } = options;
  let state = await runPrefill(model, prefill, signal, trace);
  for (let frame = 0; frame < options.maxFrames; frame++) {
    const first = sampler.sampleFirst(state.logits, frame);
    if (first === model.config.codec.eos) return 'eos';
    const firstEmbed = outputFloats(await graphs.codecEmbed.run({ input_ids: int64Tensor([first], [1, 1]) }, signal), 'embeds');
    const sub = await predictSubCodes(graphs, state.lastHidden, firstEmbed, sampler, sizes, signal);
    yield Int32Array.from([first, ...sub.codes]);
    if (frame === options.maxFrames - 1) break;
    const input = firstEmbed.slice();
    const text = prefill.trailing[frame] ?? prefill.ttsPad;
    for (let i = 0; i < sizes.hidden; i++) input[i] = input[i]! + sub.embedSum[i]! + text[i]!;
    state = await runDecode(model, state.cache, input, signal, trace);
  }
  return 'max-frames';
}

async function runPrefill(model: Pick<Qwen3Model, 'graphs' | 'sizes'>, prefill: PrefillEmbeds, signal?: CancelSignal, trace?: TalkerTrace): Promise<TalkerState> {
  const feeds = {
    inputs_embeds: float32Tensor(prefill.embeds, [1, prefill.length, model.sizes.hidden]),
    attention_mask: onesMask(prefill.length),
  };
  const state = talkerState(await model.graphs.talkerPrefill.run(feeds, signal), model.sizes);
  trace?.onTalkerRun(undefined, state.logits, state.lastHidden);
  return state;
}

async function runDecode(
  model: Pick<Qwen3Model, 'graphs' | 'sizes'>,
  cache: KvCache,
  input: Float32Array,
  signal?: CancelSignal,
  trace?: TalkerTrace,
): Promise<TalkerState> {
  const feeds = {
    inputs_embeds: float32Tensor(input, [1, 1, model.sizes.hidden]),
    attention_mask: onesMask(cache.length + 1),
    ...cache.feeds(),
  };
  const state = talkerState(await model.graphs.talkerDecode.run(feeds, signal), model.sizes);
  trace?.onTalkerRun(input, state.logits, state.lastHidden);
  return state;
}

/** Reads the last position's logits and hidden state (doc §3 *: the tails, whatever the shape). */
function talkerState(outputs: Outputs, sizes: Qwen3Model['sizes']): TalkerState {
  return {
    logits: lastValues(outputFloats(outputs, 'logits'), sizes.codecVocab),
    lastHidden: lastValues(outputFloats(outputs, 'last_hidden'), sizes.hidden),
    cache: KvCache.fromOutputs(outputs, sizes.layers),
  };
}
