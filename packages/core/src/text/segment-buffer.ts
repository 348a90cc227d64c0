import { BRACKET_PAIRS, CLAUSE_MARKS, CLOSING_BRACKETS, CUT_MARKS, WIDE_CLAUSE_MARKS } from './punctuation.js';

const SPACE = 0x20;

/**
 * The segment being built: whitespace collapsed as it arrives (never leading, at most one
 * trailing space), with the bookkeeping the boundary finder needs in O(1) per character —
 * bracket depth, and where a run-on could be cut.
 */
export class SegmentBuffer {
  /** The text so far. */
  text = '';
  /** Open brackets and quotes; a `。` inside them waits for the closer. */
  depth = 0;
  private straightQuoteOpen = false;
  /** Index just after the last clause mark that is followed by a space (or a CJK one), or -1. */
  private clauseCut = -1;
  /** Index of the last space, or -1. */
  private spaceCut = -1;
  /**
   * Index of the last space with a character after it, or -1. Unlike a trailing space it can no
   * longer be dropped (`word 👍!` becomes `word!`), so a draft may end there.
   */
  private settledSpace = -1;
  /** End of the longest draft handed out for this segment: a draft never shrinks. */
  private draftEnd = 0;
  /** Where a clause break must lie, at least, for {@link overflowCut} to prefer it to a space. */
  private readonly clauseFloor: number;

  /** @param maxChars the longest segment: a full one is cut by {@link overflowCut}. */
  constructor(maxChars: number) {
    this.clauseFloor = Math.ceil(maxChars / 2);
  }

  /** Length in UTF-16 units. */
  get length(): number {
    return this.text.length;
  }

  /** Length without the trailing space: what would be spoken. */
  get spokenLength(): number {
    return this.last === ' ' ? this.text.length - 1 : this.text.length;
  }

  // Kept apart because indexing a string built by `+=` would flatten it on every character.
  private last = '';

  /** The last code point, or '' when empty. */
  lastChar(): string {
    return this.last;
  }

  /** Appends one space, unless the segment is empty or already ends in one. */
  appendSpace(): void {
    const t = this.text;
    if (t.length === 0 || this.last === ' ') return;
    if (CUT_MARKS.has(this.last) || (this.last === '.' && t.endsWith('..'))) this.clauseCut = t.length;
    this.spaceCut = t.length;
    this.text = t + ' ';
    this.last = ' ';
  }

  /** Removes a trailing space (before `!` where the emoji between was dropped). */
  dropTrailingSpace(): void {
    if (this.last !== ' ') return;
    this.text = this.text.slice(0, -1);
    this.last = lastCodePoint(this.text);
    if (this.spaceCut >= this.text.length) this.spaceCut = -1;
    if (this.clauseCut >= this.text.length) this.clauseCut = -1;
  }

  /** Appends one non-space code point. */
  append(ch: string): void {
    if (this.last === ' ') this.settledSpace = this.text.length - 1;
    this.text += ch;
    this.last = ch;
    if (isAsciiAlnum(ch.charCodeAt(0))) return;
    this.track(ch);
    if (WIDE_CLAUSE_MARKS.has(ch)) this.clauseCut = this.text.length;
  }

  /** Whether the segment ends in a clause mark (`,` `;` `:` dash, or CJK `、，`) for an early first clause. */
  endsWithClause(): boolean {
    const last = this.last;
    if (WIDE_CLAUSE_MARKS.has(last) || CLAUSE_MARKS.has(last)) return true;
    return last === '-' && this.text.endsWith(' -');
  }

  /**
   * Where to cut when the segment is full: its last clause break if that lies in the second half
   * (at `ceil(maxChars / 2)` or later), else its last space, else everything.
   *
   * Only a break in the second half counts because a break that may be the cut holds back every
   * word after it from {@link certainEnd}: with any clause break allowed, `Well, I think that…`
   * could not draft past `Well,` until its stop. A clause break in the first half is never the
   * cut, so every word that ends before `maxChars / 2` is certain as soon as its space arrives,
   * and a cut at a clause break still leaves a segment at least half as long as allowed.
   */
  overflowCut(): number {
    if (this.clauseCut >= this.clauseFloor) return this.clauseCut;
    return this.spaceCut > 0 ? this.spaceCut : this.text.length;
  }

  /**
   * Where the text that is certain to begin this segment ends, whatever comes next: `take()` will
   * never cut before it. Always a word or clause boundary (a space, or just after a CJK clause
   * mark), at most `ceiling`, and never less than an earlier answer for the same segment.
   *
   * Every later cut is at `ceiling` or after (the caller's part: a pending stop), or at
   * {@link overflowCut} or after, so the last settled boundary before both is certain. The
   * overflow cut only moves forward: a clause break already in the second half can only be
   * replaced by a later one; otherwise the cut is the last space (later ones only follow it),
   * or a clause break that is yet to come, so after all the text held now. (Dropping a trailing
   * space moves these back only over the unsettled end.) So while the last clause break lies in
   * the first half, the draft runs on to the last settled space; once one lies in the second
   * half, it waits there for the next. Either way every settled space up to `ceil(maxChars / 2)`
   * is within the draft, so it needs no rule of its own for the words in the first half.
   *
   * A trailing space is not settled: `dropTrailingSpace` may still remove it, and the word before
   * it may then be cut off with a stop (`1. Install 2 👍.` before a capital).
   */
  certainEnd(ceiling: number): number {
    const limit = Math.min(ceiling, this.overflowCut());
    const unsettled = this.last === ' ' ? this.text.length - 1 : -1;
    const clause = this.clauseCut !== unsettled && this.clauseCut <= limit ? this.clauseCut : -1;
    const space = this.settledSpace <= limit ? this.settledSpace : -1;
    this.draftEnd = Math.max(this.draftEnd, clause, space);
    return this.draftEnd;
  }

  /** Removes the first `end` units and returns them without trailing space; keeps the rest. */
  take(end: number): string {
    const head = this.text.slice(0, end).trimEnd();
    const skip = this.text.charCodeAt(end) === SPACE ? end + 1 : end;
    const rest = this.text.slice(skip);
    this.text = rest;
    this.last = lastCodePoint(rest);
    this.clauseCut = this.clauseCut > skip ? this.clauseCut - skip : -1;
    this.spaceCut = this.spaceCut >= skip ? this.spaceCut - skip : -1;
    this.settledSpace = this.settledSpace >= skip ? this.settledSpace - skip : -1;
    this.draftEnd = 0;
    this.depth = 0;
    this.straightQuoteOpen = false;
    // The rest is at most maxChars long, and is usually empty.
    for (const ch of rest) this.track(ch);
    return head;
  }

  private track(ch: string): void {
    if (ch === '"') {
      this.straightQuoteOpen = !this.straightQuoteOpen;
      this.depth += this.straightQuoteOpen ? 1 : -1;
    } else if (BRACKET_PAIRS.has(ch)) {
      this.depth++;
    } else if (CLOSING_BRACKETS.has(ch)) {
      this.depth--;
    }
    if (this.depth < 0) this.depth = 0;
  }
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
}

function lastCodePoint(text: string): string {
  if (text.length === 0) return '';
  const c = text.charCodeAt(text.length - 1);
  return c >= 0xdc00 && c <= 0xdfff && text.length > 1 ? text.slice(-2) : text.slice(-1);
}
