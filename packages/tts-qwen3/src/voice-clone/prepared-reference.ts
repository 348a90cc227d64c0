import { ParleyError } from '@parley/core';
import type { CancelSignal } from '../model/cancellation.js';
import type { Qwen3Model } from '../model/load-model.js';
import { checkGraphs, type ResolvedVoiceClone } from './clone-options.js';
import { encodeReference, referenceFrameEmbeds } from './reference-codes.js';
import { referenceAt24k } from './resample-reference.js';
import { speakerEmbedding } from './speaker-embedding.js';

/** What a reference recording turns into for the prompt (docs/model.md#voice-cloning). */
export interface PreparedReference {
  /** The speaker-encoder vector, H floats. */
  readonly speaker: Float32Array;
  /** ICL only: `ref_code`, F_r frames of 16 codes; empty in x-vector mode. */
  readonly codes: readonly Int32Array[];
  /** ICL only: each reference frame's codec-track vector (see `referenceFrameEmbeds`). */
  readonly frameEmbeds: readonly Float32Array[];
}

/**
 * Turns a checked reference into its prompt vectors (docs/model.md#voice-cloning): resample to 24
 * kHz, log-mel → `speaker_encoder`; in ICL mode also `tokenizer12hz_encode` → `ref_code` and the
 * frames' embeddings. The reference text is not used here (x-vector mode ignores it; ICL puts it in
 * the text track).
 * @throws ParleyError INVALID_INPUT, before any run, when the model is not Base or lacks a graph
 *   the mode needs (for callers that resolved options without the model's capabilities).
 */
export async function prepareReference(model: Qwen3Model, clone: ResolvedVoiceClone, signal?: CancelSignal): Promise<PreparedReference> {
  const { graphs, sizes, config } = model;
  if (config.modelType !== 'base')
    throw new ParleyError('INVALID_INPUT', `voice cloning needs a Base model; this model is ${config.modelType}`);
  checkGraphs(clone.mode, { speakerEncoder: graphs.speakerEncoder !== undefined, codecEncoder: graphs.codecEncoder !== undefined });
  const samples = await referenceAt24k(clone);
  const speaker = await speakerEmbedding(graphs.speakerEncoder!, samples, sizes.hidden, signal);
  if (clone.mode !== 'icl') return { speaker, codes: [], frameEmbeds: [] };
  const codes = await encodeReference(graphs.codecEncoder!, samples, sizes, signal);
  const frameEmbeds = await referenceFrameEmbeds(graphs, codes, sizes.hidden, signal);
  return { speaker, codes, frameEmbeds };
}

/** Turns a checked reference into its prompt vectors: {@link prepareReference}, or a cache of it. */
export interface ReferencePreparer {
  prepare(model: Qwen3Model, clone: ResolvedVoiceClone, signal?: CancelSignal): Promise<PreparedReference>;
}

/**
 * Remembers the last prepared reference, so the segments of one synthesis (each its own request
 * to the worker) and later syntheses with the same recording pay for the encoders once. A hit
 * needs the same mode, rate and samples; comparing samples costs far less than the encoders.
 */
export class ReferenceCache implements ReferencePreparer {
  private last: { clone: ResolvedVoiceClone; prepared: Promise<PreparedReference> } | undefined;

  /** The prepared reference of `clone`, from the cache or made now. */
  prepare(model: Qwen3Model, clone: ResolvedVoiceClone, signal?: CancelSignal): Promise<PreparedReference> {
    if (this.last && sameReference(this.last.clone, clone)) return this.last.prepared;
    const prepared = prepareReference(model, clone, signal);
    const entry = { clone, prepared };
    this.last = entry;
    // A failed or cancelled preparation is not kept: the next request tries afresh.
    prepared.catch(() => {
      if (this.last === entry) this.last = undefined;
    });
    return prepared;
  }
}

function sameReference(a: ResolvedVoiceClone, b: ResolvedVoiceClone): boolean {
  if (a.mode !== b.mode || a.sampleRate !== b.sampleRate || a.samples.length !== b.samples.length) return false;
  for (let i = 0; i < a.samples.length; i++) if (a.samples[i] !== b.samples[i]) return false;
  return true;
}
