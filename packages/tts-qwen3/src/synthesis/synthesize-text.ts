import type { CancelSignal } from '../model/cancellation.js';
import { decodeFrames } from '../codec/codec-decoder.js';
import { StatefulDecoder } from '../codec/stateful-decoder.js';
import { StreamingDecoder } from '../codec/streaming-decoder.js';
import { generateFrames, type StopReason, type TalkerTrace } from '../generation/frame-loop.js';
import type { Qwen3Model } from '../model/load-model.js';
import { ArrivingTrailing, type TrailingText } from '../generation/trailing-text.js';
import { buildPromptLayout, type CloneLayout, type PromptLayout } from '../prompt/layout.js';
import { embedPrompt, embedTextRows, type CloneVectors, type PrefillEmbeds } from '../prompt/prefill-embeds.js';
import { arrivingPromptIds, promptIds, referenceTextIds, type PromptIds } from '../prompt/prompt-ids.js';
import { resolveVoice, type ResolvedVoice } from '../prompt/voice.js';
import { prepareReference, type PreparedReference, type ReferencePreparer } from '../voice-clone/prepared-reference.js';
import type { ArrivingText } from './arriving-text.js';
import { CodeSampler, type FrameSampler } from '../sampling/code-sampler.js';
import { Prng } from '../sampling/prng.js';
import type { TextTokenizer } from '../tokenizer/text-tokenizer.js';
import { maxFramesFor, type ResolvedSynthesisOptions } from './options.js';

/** A loaded model and its tokenizer: everything a synthesis needs. */
export interface SynthesisRuntime {
  readonly model: Qwen3Model;
  readonly tokenizer: TextTokenizer;
  /** Prepares cloned voices (a `ReferenceCache` keeps the last one across requests); prepared anew when absent. */
  readonly references?: ReferencePreparer;
}

/** Test seams: replace the sampler, watch the talker, see each frame's codes. */
export interface SynthesisHooks {
  readonly sampler?: FrameSampler;
  readonly trace?: TalkerTrace;
  onFrame?(codes: Int32Array): void;
}

/** How a synthesis ended. */
export interface SynthesisSummary {
  readonly frames: number;
  readonly stopReason: StopReason;
}

/**
 * Speaks one segment of text, in process: prompt (docs/model.md#prompt-layout) → generation loop
 * (docs/model.md#the-frame-loop) → streaming decode (docs/model.md#streaming-decode). Yields float
 * samples at 24 kHz chunk by chunk while the frames are generated; returns the frame count and why
 * generation stopped.
 *
 * `text` is the whole segment, or an {@link ArrivingText} whose pieces are still coming (streaming
 * text mode): the prefill starts once `options.leadTokens` of its ids are certain, and each
 * decode step reads the next id as it arrives, waiting rather than padding when none has yet.
 *
 * With `options.clone` the voice comes from a reference recording (docs/model.md#voice-cloning). In
 * ICL mode the reference's codec frames are the decoder's left context but are never emitted: the
 * output is what the official code keeps after decoding `ref_code ++ generated` and cutting the
 * reference.
 *
 * @throws ParleyError INVALID_INPUT for empty text or an unknown voice/language, CANCELLED once
 *   `signal` is aborted (before the next ONNX run, and while waiting for text).
 */
export async function* synthesizeText(
  runtime: SynthesisRuntime,
  text: string | ArrivingText,
  options: ResolvedSynthesisOptions,
  signal?: CancelSignal,
  hooks: SynthesisHooks = {},
): AsyncGenerator<Float32Array, SynthesisSummary> {
  const { model } = runtime;
  const { config, sizes, graphs } = model;
  const { prefill, history, trailing, maxFrames } = await preparePrompt(runtime, text, options, signal);
  const sampler =
    hooks.sampler ??
    new CodeSampler(options.first, options.sub, { eos: config.codec.eos, codebook: sizes.codebook }, new Prng(options.seed));
  const decoder = graphs.codecStreaming
    ? new StatefulDecoder(graphs.codecStreaming, sizes, options.streamChunks, history)
    : new StreamingDecoder((frames, s) => decodeFrames(graphs.codecDecoder, frames, sizes, s), options.chunks, history);
  const frames = generateFrames(model, prefill, sampler, {
    maxFrames,
    ...(trailing ? { trailing } : {}),
    ...(signal ? { signal } : {}),
    ...(hooks.trace ? { trace: hooks.trace } : {}),
  });
  let count = 0;
  try {
    for (;;) {
      const step = await frames.next();
      if (step.done) {
        for (let chunk = await decoder.next(true, signal); chunk; chunk = await decoder.next(true, signal)) yield chunk;
        return { frames: count, stopReason: step.value };
      }
      count++;
      hooks.onFrame?.(step.value);
      decoder.push(step.value);
      const chunk = await decoder.next(false, signal);
      if (chunk) yield chunk;
    }
  } finally {
    // A cancel or error while decoding leaves the frame loop paused at a yield: closing it runs
    // its own finally, which frees the KV caches (GPU memory on WebGPU).
    await frames.return('max-frames');
  }
}

/** What the frame loop starts from. */
interface Prompt {
  readonly prefill: PrefillEmbeds;
  /** The frames to decode in front of the generated ones (ICL's reference). */
  readonly history: readonly Int32Array[];
  /** The decode steps' text, when it goes on arriving after the prefill. */
  readonly trailing: TrailingText | undefined;
  readonly maxFrames: number | (() => number);
}

/**
 * Builds the prefill embeddings (docs/model.md#prompt-layout, docs/model.md#icl-mode). Everything
 * that can be refused (voice, text, reference transcript) is checked before the first ONNX run;
 * text that arrives later is checked as it comes.
 */
async function preparePrompt(
  runtime: SynthesisRuntime,
  text: string | ArrivingText,
  options: ResolvedSynthesisOptions,
  signal?: CancelSignal,
): Promise<Prompt> {
  if (typeof text === 'string') return wholePrompt(runtime, text, options, signal);
  const { model, tokenizer } = runtime;
  const { graphs, sizes } = model;
  const voice = resolveVoice(model.config, options.voice, options.language);
  const reference = await prepareClone(runtime, options, signal);
  const lead = await text.lead(options.leadTokens);
  const ids = arrivingPromptIds(tokenizer, lead.ids, options.instruction);
  const layout = promptLayout(model, ids, voice, true, reference && {}, lead.complete);
  const prefill = await embedPrompt(graphs, layout, model.config.text.ttsPad, sizes.hidden, signal, cloneVectors(reference));
  const trailing = new ArrivingTrailing(prefill, text, (more) => embedTextRows(graphs.textProject, more, sizes.hidden, signal));
  return { prefill, history: [], trailing, maxFrames: options.maxFrames ?? (() => maxFramesFor(text.text)) };
}

async function wholePrompt(
  runtime: SynthesisRuntime,
  text: string,
  options: ResolvedSynthesisOptions,
  signal?: CancelSignal,
): Promise<Prompt> {
  const { model, tokenizer } = runtime;
  const voice = resolveVoice(model.config, options.voice, options.language);
  const ids = promptIds(tokenizer, text, options.instruction);
  const { clone } = options;
  const referenceIds = clone?.mode === 'icl' ? referenceTextIds(tokenizer, clone.text ?? '') : undefined;
  const reference = await prepareClone(runtime, options, signal);
  const icl = referenceIds && reference ? { textIds: referenceIds, frames: reference.codes.length } : undefined;
  const layout = promptLayout(model, ids, voice, options.streamingText, reference && { icl }, true);
  const prefill = await embedPrompt(model.graphs, layout, model.config.text.ttsPad, model.sizes.hidden, signal, cloneVectors(reference));
  return { prefill, history: reference?.codes ?? [], trailing: undefined, maxFrames: options.maxFrames ?? maxFramesFor(text) };
}

function promptLayout(
  model: Qwen3Model,
  ids: PromptIds,
  voice: ResolvedVoice,
  streamingText: boolean,
  clone: CloneLayout | undefined,
  textComplete: boolean,
): PromptLayout {
  const { config } = model;
  return buildPromptLayout({
    ids,
    voice,
    text: config.text,
    codec: config.codec,
    streamingText,
    honoursInstruction: honoursInstruction(config.modelSize),
    clone,
    textComplete,
  });
}

/** The cloned voice's reference, prepared (or from the cache), when cloning. */
async function prepareClone(
  runtime: SynthesisRuntime,
  options: ResolvedSynthesisOptions,
  signal?: CancelSignal,
): Promise<PreparedReference | undefined> {
  const { clone } = options;
  if (!clone) return undefined;
  return (await runtime.references?.prepare(runtime.model, clone, signal)) ?? prepareReference(runtime.model, clone, signal);
}

function cloneVectors(reference: PreparedReference | undefined): CloneVectors | undefined {
  return reference && { speaker: reference.speaker, referenceFrames: reference.frameEmbeds };
}

/** Only 1.7B checkpoints honour an instruction (config `tts_model_size`; docs/model.md#prompt-layout). */
export function honoursInstruction(modelSize: string): boolean {
  return modelSize.toLowerCase() === '1b7';
}
