import { ParleyError } from '@parley/core';
import type { TextTokenizer } from '../tokenizer/text-tokenizer.js';

/** The token ids a prompt is built from (docs/model.md#prompt-text). */
export interface PromptIds {
  /** `ids[0:3]` of the target prompt: `<|im_start|>`, `assistant`, `"\n"`. */
  readonly role: readonly number[];
  /** `ids[3:-5]` of the target prompt: the text to speak. */
  readonly text: readonly number[];
  /** The whole tokenized instruction block, when there is one. */
  readonly instruction: readonly number[] | undefined;
}

/** The target prompt around `text` (docs/model.md#prompt-text). */
export function targetPrompt(text: string): string {
  return `<|im_start|>assistant\n${text}<|im_end|>\n<|im_start|>assistant\n`;
}

/** The reference-transcript prompt of ICL cloning (docs/model.md#prompt-text). */
export function referencePrompt(text: string): string {
  return `<|im_start|>assistant\n${text}<|im_end|>\n`;
}

/** The instruction block, honoured by 1.7B models only (docs/model.md#prompt-layout). */
export function instructionPrompt(instruction: string): string {
  return `<|im_start|>user\n${instruction}<|im_end|>\n`;
}

/**
 * Tokenizes the whole target prompt, then slices it (docs/model.md#prompt-text: slicing a
 * separately tokenized text would differ where the text's first or last characters merge with their
 * neighbours).
 *
 * @throws ParleyError INVALID_INPUT for empty or whitespace-only text (checked before
 *   tokenizing: with empty text the slice would take `<|im_end|>` as the first text token),
 *   and for text that spells a special token such as `<|im_end|>`, which would
 *   break the prompt's structure.
 */
export function promptIds(tokenizer: TextTokenizer, text: string, instruction?: string): PromptIds {
  if (text.trim() === '') throw new ParleyError('INVALID_INPUT', 'text is empty');
  const ids = tokenizer.encode(targetPrompt(text));
  const textIds = ids.slice(3, -5);
  const special = textIds.find((id) => tokenizer.specialIds.has(id));
  if (special !== undefined || textIds.length === 0) {
    throw new ParleyError('INVALID_INPUT', `text must not contain special tokens (found id ${special ?? 'none'})`);
  }
  return { role: ids.slice(0, 3), text: textIds, instruction: instructionIds(tokenizer, instruction) };
}

/**
 * The prompt's ids for a text that is still arriving: `textIds` are the ids of its start, as
 * `IncrementalTextIds` hands them out (the same as in the whole prompt); the role is the target
 * prompt's first three ids, which no text changes.
 */
export function arrivingPromptIds(tokenizer: TextTokenizer, textIds: readonly number[], instruction?: string): PromptIds {
  const role = tokenizer.encode(targetPrompt('')).slice(0, 3);
  return { role, text: textIds, instruction: instructionIds(tokenizer, instruction) };
}

function instructionIds(tokenizer: TextTokenizer, instruction: string | undefined): number[] | undefined {
  return instruction === undefined || instruction.trim() === '' ? undefined : tokenizer.encode(instructionPrompt(instruction));
}

/**
 * The reference transcript's ids for ICL cloning: the whole reference prompt tokenized, then
 * `ref_ids[3:-2]` (docs/model.md#prompt-text), like the target text.
 * @throws ParleyError INVALID_INPUT for an empty transcript or one that spells a special token.
 */
export function referenceTextIds(tokenizer: TextTokenizer, text: string): number[] {
  if (text.trim() === '') throw new ParleyError('INVALID_INPUT', 'clone.text is empty');
  const ids = tokenizer.encode(referencePrompt(text)).slice(3, -2);
  const special = ids.find((id) => tokenizer.specialIds.has(id));
  if (special !== undefined || ids.length === 0) {
    throw new ParleyError('INVALID_INPUT', `clone.text must not contain special tokens (found id ${special ?? 'none'})`);
  }
  return ids;
}
