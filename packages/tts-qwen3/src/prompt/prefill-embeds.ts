import { ParleyError } from '@parley/core';
import type { CancelSignal } from '../model/cancellation.js';
import type { OnnxGraph } from '../model/onnx-graph.js';
import { int64Tensor, outputFloats } from '../model/tensors.js';
import { SPEAKER_VECTOR, type CodecTerm, type PromptLayout } from './layout.js';

/** The embeddings a generation starts from. */
export interface PrefillEmbeds {
  /** [T·H]: position t is `TP(text_t) + CE(codec_t)`. */
  readonly embeds: Float32Array;
  readonly length: number;
  /** `TP(trailing[k])`, each H floats, added to decode step k. */
  readonly trailing: readonly Float32Array[];
  /** `TP(tts_pad)`: added to decode steps past the trailing text. */
  readonly ttsPad: Float32Array;
}

/** Codec-track vectors of a cloned voice that are not codec ids (docs/model.md#voice-cloning), each H floats. */
export interface CloneVectors {
  /** The speaker-encoder vector, for {@link SPEAKER_VECTOR}. */
  readonly speaker: Float32Array;
  /** ICL: reference frame k's `CE(code0) + Σ CPE(code_j, j−1)`, for `{ referenceFrame: k }`. */
  readonly referenceFrames: readonly Float32Array[];
}

/** The two embedding graphs the prefill needs. */
export interface EmbedGraphs {
  readonly textProject: OnnxGraph;
  readonly codecEmbed: OnnxGraph;
}

/**
 * Turns a {@link PromptLayout} into embeddings with one `text_project` call (the prefill's
 * text ids, the trailing ids and `tts_pad`) and one `codec_embed` call (docs/model.md#prompt-layout).
 * A cloned voice's speaker vector and reference frames come from `clone` (docs/model.md#voice-cloning).
 * @throws ParleyError INTERNAL when the layout names a clone vector that `clone` lacks.
 */
export async function embedPrompt(
  graphs: EmbedGraphs,
  layout: PromptLayout,
  ttsPadId: number,
  hidden: number,
  signal?: CancelSignal,
  clone?: CloneVectors,
): Promise<PrefillEmbeds> {
  const textIds = layout.positions.flatMap((position) => (position.text === undefined ? [] : [position.text]));
  const codecIds = layout.positions.flatMap((position) => (typeof position.codec === 'number' ? [position.codec] : []));
  const allText = [...textIds, ...layout.trailing, ttsPadId];
  const text = await embed(graphs.textProject, allText, signal);
  const codec = codecIds.length === 0 ? new Float32Array(0) : await embed(graphs.codecEmbed, codecIds, signal);
  const embeds = new Float32Array(layout.positions.length * hidden);
  let nextText = 0;
  let nextCodec = 0;
  layout.positions.forEach((position, t) => {
    const row = embeds.subarray(t * hidden, (t + 1) * hidden);
    if (position.text !== undefined) addRow(row, text, nextText++, hidden);
    if (typeof position.codec === 'number') addRow(row, codec, nextCodec++, hidden);
    else if (position.codec !== undefined) addRow(row, cloneVector(position.codec, clone, hidden), 0, hidden);
  });
  const row = (index: number) => text.slice(index * hidden, (index + 1) * hidden);
  return {
    embeds,
    length: layout.positions.length,
    trailing: layout.trailing.map((_, k) => row(textIds.length + k)),
    ttsPad: row(allText.length - 1),
  };
}

/** `TP(id)` of each id (H floats each), in one `text_project` run: text that arrives after the prefill. */
export async function embedTextRows(
  textProject: OnnxGraph,
  ids: readonly number[],
  hidden: number,
  signal?: CancelSignal,
): Promise<Float32Array[]> {
  const rows = await embed(textProject, ids, signal);
  return ids.map((_, k) => rows.slice(k * hidden, (k + 1) * hidden));
}

/** `[1,T,H]` embeddings of `ids` from an embedding graph, as T·H floats. */
async function embed(graph: OnnxGraph, ids: readonly number[], signal: CancelSignal | undefined): Promise<Float32Array> {
  const outputs = await graph.run({ input_ids: int64Tensor(ids, [1, ids.length]) }, signal);
  return outputFloats(outputs, 'embeds');
}

function addRow(target: Float32Array, source: Float32Array, index: number, hidden: number): void {
  for (let i = 0; i < hidden; i++) target[i] = target[i]! + source[index * hidden + i]!;
}

/** The vector a non-id codec term stands for. */
function cloneVector(term: Exclude<CodecTerm, number>, clone: CloneVectors | undefined, hidden: number): Float32Array {
  const vector = term === SPEAKER_VECTOR ? clone?.speaker : clone?.referenceFrames[term.referenceFrame];
  if (vector?.length !== hidden) {
    throw new ParleyError('INTERNAL', `the prompt needs clone vector ${JSON.stringify(term)} of ${hidden} floats, which is missing`);
  }
  return vector;
}
