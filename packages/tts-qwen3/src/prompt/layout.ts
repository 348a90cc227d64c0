import type { CodecSpecialIds, TextSpecialIds } from '../model/model-config.js';
import type { PromptIds } from './prompt-ids.js';
import type { ResolvedVoice } from './voice.js';

/**
 * One prefill position: the sum of a text-track vector `TP(text)` and a codec-track vector
 * `CE(codec)`; an undefined id contributes nothing (doc §2 "Building the prefill").
 */
export interface PromptPosition {
  readonly text: number | undefined;
  readonly codec: number | undefined;
}

/** Which ids the prefill and the decode steps are made of; pure data, no model involved. */
export interface PromptLayout {
  readonly positions: readonly PromptPosition[];
  /** Text ids added to decode step k's input while k < length; `tts_pad` after (doc §2). */
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
   * decode step. Otherwise the whole text is in the prefill (doc §2).
   */
  readonly streamingText: boolean;
  /** Whether the model honours an instruction (1.7B only, doc §2). */
  readonly honoursInstruction: boolean;
}

/** The codec prefix: `[nothink, think_bos, think_eos]` for auto, else `[think, think_bos, lang, think_eos]` (doc §2 step 1). */
export function codecPrefix(codec: CodecSpecialIds, languageId: number | undefined): number[] {
  return languageId === undefined ? [codec.nothink, codec.thinkBos, codec.thinkEos] : [codec.think, codec.thinkBos, languageId, codec.thinkEos];
}

/** The codec track `C = P ++ [spk] ++ [pad, bos]` (doc §2 step 2). */
export function codecTrack(codec: CodecSpecialIds, voice: ResolvedVoice): number[] {
  const speaker = voice.speakerId === undefined ? [] : [voice.speakerId];
  return [...codecPrefix(codec, voice.languageId), ...speaker, codec.pad, codec.bos];
}

/**
 * Lays out the prefill (doc §2 step 3): [instruction] ++ role ++ codec track (all but `bos`,
 * over `tts_pad`, the last over `tts_bos`) ++ the text part of the chosen mode.
 *
 * @example
 * auto language, no speaker, streaming text: 3 + 4 + 1 = 8 positions (doc §2).
 */
export function buildPromptLayout(input: LayoutInput): PromptLayout {
  const { ids, text, codec } = input;
  const positions: PromptPosition[] = [];
  const instruction = input.honoursInstruction ? (ids.instruction ?? []) : [];
  for (const id of [...instruction, ...ids.role]) positions.push({ text: id, codec: undefined });
  const track = codecTrack(codec, input.voice);
  track.slice(0, -1).forEach((id, index) => positions.push({ text: index === track.length - 2 ? text.ttsBos : text.ttsPad, codec: id }));
  const [first, ...rest] = ids.text;
  if (input.streamingText) {
    positions.push({ text: first, codec: codec.bos });
    return { positions, trailing: [...rest, text.ttsEos] };
  }
  for (const id of [...ids.text, text.ttsEos]) positions.push({ text: id, codec: codec.pad });
  positions.push({ text: text.ttsPad, codec: codec.bos });
  return { positions, trailing: [text.ttsPad] };
}
