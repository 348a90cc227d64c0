import { ParleyError } from '@parley/core';
import { promptIds } from '../prompt/prompt-ids.js';
import type { TextTokenizer } from './text-tokenizer.js';

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const COMBINING_MARK = /\p{M}/u;
const WORD_END = /[\p{L}\p{N}]$/u;

/**
 * Where `text` may be cut so that tokenizing the two sides apart gives exactly the ids of the
 * whole: the UTF-16 offset of the last such cut, or 0 for none. A cut is safe right after a
 * letter or digit when the next character is neither, nor a combining mark. The Qwen2
 * pre-tokenizer (docs/model.md#tokenizer) has no piece that holds a letter or digit and then
 * such a character (its letter runs, single digits and contractions all end there, and its
 * punctuation and space pieces hold no letter), so a piece always starts there, whatever
 * follows; NFC cannot compose across it either, since only a combining mark or a Hangul jamo (a
 * letter) composes with what precedes it. Both sides of a cut must have arrived: the character
 * after it decides.
 *
 * @example
 * safeCut('Hello world, th'); // 11: after 'world' (the ',' is known); 'th' may still grow
 */
export function safeCut(text: string): number {
  let cut = 0;
  let previousIsWord = false;
  let offset = 0;
  for (const char of text) {
    const isWord = LETTER_OR_DIGIT.test(char);
    if (previousIsWord && !isWord && !COMBINING_MARK.test(char)) cut = offset;
    previousIsWord = isWord;
    offset += char.length;
  }
  return cut;
}

/**
 * A segment's text ids while its text is still arriving (docs/model.md#prompt-text): each piece
 * of text is added as it comes, and the ids of the text up to its last {@link safeCut} are handed
 * out; the rest waits for more text or the end. The ids handed out, all together, are exactly
 * those of the whole text tokenized at once (`promptIds`), which {@link end} checks.
 */
export class IncrementalTextIds {
  private text = '';
  private committed = 0;
  private readonly ids: number[] = [];
  private ended = false;

  constructor(private readonly tokenizer: TextTokenizer) {}

  /** The text received so far. */
  get received(): string {
    return this.text;
  }

  /** How many ids were handed out so far. */
  get length(): number {
    return this.ids.length;
  }

  /**
   * Adds a piece of text; returns the ids that became certain (often none). With `endsWord`,
   * the caller knows what comes next: a piece ending in a letter or digit ends a word (a space
   * follows it, or nothing), so its last word is certain at once rather than when the next
   * character arrives (core's `speakSegmentStreams` pieces promise this).
   * @throws ParleyError INVALID_INPUT for text that spells a special token.
   */
  push(piece: string, endsWord = false): number[] {
    if (this.ended) throw new ParleyError('INTERNAL', 'text pushed after its end');
    this.text += piece;
    const cut = endsWord && WORD_END.test(this.text) ? this.text.length : safeCut(this.text);
    return cut > this.committed ? this.commit(cut) : [];
  }

  /**
   * The text is complete: returns the ids of its rest, after checking that the ids handed out
   * are those of the whole text.
   * @throws ParleyError INVALID_INPUT for empty text or one that spells a special token;
   *   INTERNAL if the pieces' ids differ from the whole's (never, by the property test).
   */
  end(): number[] {
    this.ended = true;
    const rest = this.text.length > this.committed ? this.commit(this.text.length) : [];
    const whole = promptIds(this.tokenizer, this.text).text;
    if (whole.length !== this.ids.length || whole.some((id, i) => id !== this.ids[i])) {
      throw new ParleyError('INTERNAL', 'the incremental tokenization differs from the whole text’s');
    }
    return rest;
  }

  /** Hands out the ids of the text up to `cut`: the first piece inside the prompt, as the whole text is. */
  private commit(cut: number): number[] {
    const piece = this.text.slice(this.committed, cut);
    const ids = this.committed === 0 ? promptIds(this.tokenizer, piece).text : this.encodePiece(piece);
    this.committed = cut;
    this.ids.push(...ids);
    return [...ids];
  }

  private encodePiece(piece: string): number[] {
    const ids = this.tokenizer.encode(piece);
    const special = ids.find((id) => this.tokenizer.specialIds.has(id));
    if (special !== undefined) throw new ParleyError('INVALID_INPUT', `text must not contain special tokens (found id ${special})`);
    return ids;
  }
}
