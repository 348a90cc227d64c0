import type { CodecSpecialIds, TextSpecialIds } from '../model/model-config.js';
import type { PromptIds } from './prompt-ids.js';
import { iclBlock, type IclReference } from './icl-layout.js';
import type { ResolvedVoice } from './voice.js';

/** The speaker-encoder vector (x-vector) of a cloned voice, in the codec track (docs/model.md#x-vector-mode). */
export const SPEAKER_VECTOR = 'speaker';

/** ICL reference frame k: `CE(code0) + Σ_j CPE(code_j, j−1)` of the reference's frame k (docs/model.md#icl-mode). */
export interface ReferenceFrameTerm {
  readonly referenceFrame: number;
}

/**
 * A codec-track term: a codec id (`CE(id)`), the cloned voice's speaker vector, or an ICL
 * reference frame's summed embedding.
 */
export type CodecTerm = number | typeof SPEAKER_VECTOR | ReferenceFrameTerm;

/**
 * One prefill position: the sum of a text-track vector `TP(text)` and a codec-track vector;
 * an undefined term contributes nothing (docs/model.md#prompt-layout).
 */
export interface PromptPosition {
  readonly text: number | undefined;
  readonly codec: CodecTerm | undefined;
}

/** Which ids the prefill and the decode steps are made of; pure data, no model involved. */
export interface PromptLayout {
  readonly positions: readonly PromptPosition[];
  /** Text ids added to decode step k's input while k < length; `tts_pad` after (docs/model.md#decode-step-input). */
  readonly trailing: readonly number[];
}

/** What the layout needs besides the prompt's ids. */
export interface LayoutInput {
  readonly ids: PromptIds;
  readonly voice: ResolvedVoice;
  readonly text: TextSpecialIds;
  readonly codec: CodecSpecialIds;
  /**
   * Streaming-text mode (official `non_streaming_mode=False`): the text enters one token per
   * decode step. Otherwise the whole text is in the prefill (docs/model.md#prompt-layout).
   */
  readonly streamingText: boolean;
  /** Whether the model honours an instruction (1.7B only, docs/model.md#prompt-layout). */
  readonly honoursInstruction: boolean;
  /**
   * False while the text is still arriving (streaming text, no ICL): `ids.text` is only its
   * start, so the trailing text ends without `tts_eos`, which comes with the rest. Default true.
   */
  readonly textComplete?: boolean;
  /**
   * Voice cloning (docs/model.md#voice-cloning): the speaker vector joins the codec track; `icl`
   * adds the reference block.
   */
  readonly clone?: CloneLayout | undefined;
}

/** What the layout needs to know of a cloned voice. */
export interface CloneLayout {
  /** ICL mode only: the reference transcript's ids and the reference's codec frame count. */
  readonly icl?: IclReference | undefined;
}

/**
 * The codec prefix: `[nothink, think_bos, think_eos]` for auto, else `[think, think_bos, lang,
 * think_eos]` (docs/model.md#prompt-layout, step 1).
 */
export function codecPrefix(codec: CodecSpecialIds, languageId: number | undefined): number[] {
  return languageId === undefined
    ? [codec.nothink, codec.thinkBos, codec.thinkEos]
    : [codec.think, codec.thinkBos, languageId, codec.thinkEos];
}

/**
 * The codec track `C = P ++ [spk] ++ [pad, bos]` (docs/model.md#prompt-layout, step 2): `spk` is
 * the CustomVoice speaker's id, or the speaker vector of a cloned voice (x-vector and ICL modes
 * alike, docs/model.md#voice-cloning).
 */
export function codecTrack(codec: CodecSpecialIds, voice: ResolvedVoice, cloned = false): CodecTerm[] {
  const speaker: CodecTerm[] = cloned ? [SPEAKER_VECTOR] : voice.speakerId === undefined ? [] : [voice.speakerId];
  return [...codecPrefix(codec, voice.languageId), ...speaker, codec.pad, codec.bos];
}

/**
 * Lays out the prefill (docs/model.md#prompt-layout, step 3): [instruction] ++ role ++ codec track
 * (all but `bos`, over `tts_pad`, the last over `tts_bos`) ++ the text part of the chosen mode, or
 * in ICL cloning the reference block that starts with `bos` (docs/model.md#icl-mode,
 * {@link iclBlock}).
 *
 * @example
 * auto language, no speaker, streaming text: 3 + 4 + 1 = 8 positions.
 */
export function buildPromptLayout(input: LayoutInput): PromptLayout {
  const { ids, text, codec } = input;
  const positions: PromptPosition[] = [];
  const instruction = input.honoursInstruction ? (ids.instruction ?? []) : [];
  for (const id of [...instruction, ...ids.role]) positions.push({ text: id, codec: undefined });
  const track = codecTrack(codec, input.voice, input.clone !== undefined);
  track.slice(0, -1).forEach((id, index) => positions.push({ text: index === track.length - 2 ? text.ttsBos : text.ttsPad, codec: id }));
  const icl = input.clone?.icl;
  if (icl) {
    const block = iclBlock(icl, ids.text, text, codec, input.streamingText);
    return { positions: [...positions, ...block.positions], trailing: block.trailing };
  }
  const [first, ...rest] = ids.text;
  if (input.streamingText) {
    positions.push({ text: first, codec: codec.bos });
    return { positions, trailing: input.textComplete === false ? rest : [...rest, text.ttsEos] };
  }
  for (const id of [...ids.text, text.ttsEos]) positions.push({ text: id, codec: codec.pad });
  positions.push({ text: text.ttsPad, codec: codec.bos });
  return { positions, trailing: [text.ttsPad] };
}
