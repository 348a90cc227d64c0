import { isDigit, isGreek } from './chars.js';

/**
 * How a sentence-final mark decides its boundary:
 * - `period`: `.` — needs the next word (abbreviations, initials, lowercase continuations);
 * - `ellipsis`: `...` or `…` — a boundary only before a capitalised word;
 * - `exclaim`: `? !` and script stops (`؟ । ۔ ;`Greek) — a boundary at the first space;
 * - `wide`: full-width `！？` — a boundary at the first character that is not a closer;
 * - `widePeriod`: `。` — a boundary at once, unless inside brackets or quotes.
 */
export type StopKind = 'period' | 'ellipsis' | 'exclaim' | 'wide' | 'widePeriod';

// prettier-ignore
const EXCLAIM = new Set([
  '!', '?', '‽', '⁇', '⁈', '؟', '۔', '।', '॥', '\u037E', '։', '።', '፧', '။', '។', '߹', '܀',
]);
const WIDE = new Set(['！', '？', '︕', '︖', '﹗', '﹖']);
const WIDE_PERIOD = new Set(['。', '｡', '︒']);

/**
 * The stop kind of `ch`, or undefined when it ends no sentence. `prev` is the character before:
 * a full-width `．` after a digit is a decimal point, and `;` ends a question only in Greek.
 */
export function stopKind(ch: string, prev: string): StopKind | undefined {
  const c = ch.charCodeAt(0);
  // ASCII fast path: only . ! ? ; can stop a sentence.
  if (c < 0x80 && c !== 0x2e && c !== 0x21 && c !== 0x3f && c !== 0x3b) return undefined;
  switch (ch) {
    case '.':
      return 'period';
    case '…':
      return 'ellipsis';
    case '．':
      return isDigit(prev) ? 'period' : 'widePeriod';
    case ';':
      return isGreek(prev) ? 'exclaim' : undefined;
  }
  if (EXCLAIM.has(ch)) return 'exclaim';
  if (WIDE.has(ch)) return 'wide';
  return WIDE_PERIOD.has(ch) ? 'widePeriod' : undefined;
}

/** The kind of a run of stops such as `?!`, `...` or `！？` after `next` joins a `current` run. */
export function mergeStops(current: StopKind, next: StopKind): Exclude<StopKind, 'widePeriod'> {
  if (current === 'wide' || current === 'widePeriod' || next === 'wide' || next === 'widePeriod') {
    return 'wide';
  }
  return current === 'exclaim' || next === 'exclaim' ? 'exclaim' : 'ellipsis';
}

/**
 * Closing quotes and brackets that stay with the sentence they follow: `."`, `?)`, `。」`.
 * Right after a stop every quote closes, German `„Komm.“` included.
 */
// prettier-ignore
export const CLOSERS: ReadonlySet<string> = new Set([
  '"', "'", '”', '’', '“', '‘', '»', '›', '«', '‹', ')', ']', '}', '」', '』', '）', '】', '〕', '》', '〉', '〗', '〙',
  '〛', '］', '｝', '＂', '＇', '〞', '〟',
]);

/**
 * Characters that, first after a stop and a space, show the sentence goes on: `etc., and`,
 * and the dots of a spaced ellipsis `. . .`.
 */
export const CONTINUATIONS: ReadonlySet<string> = new Set([',', ';', ':', '%', ')', ']', '}', '-', '–', '—', '、', '，', '.', '…']);

/** Spanish inverted marks: they open the next sentence, never end one. */
export const INVERTED_MARKS: ReadonlySet<string> = new Set(['¿', '¡']);

/** Opening brackets and quotes and the closer each expects, for nesting depth. */
export const BRACKET_PAIRS: ReadonlyMap<string, string> = new Map([
  ['(', ')'],
  ['（', '）'],
  ['「', '」'],
  ['『', '』'],
  ['【', '】'],
  ['〔', '〕'],
  ['《', '》'],
  ['〈', '〉'],
  ['“', '”'],
  ['«', '»'],
  ['〝', '〞'],
  ['［', '］'],
]);

/** Every closing bracket of {@link BRACKET_PAIRS}. */
export const CLOSING_BRACKETS: ReadonlySet<string> = new Set(BRACKET_PAIRS.values());

/** Clause marks that count for an early first clause only when a space follows. */
export const CLAUSE_MARKS: ReadonlySet<string> = new Set([',', ';', ':', '—', '–', '،', '؛']);

/** CJK clause marks: a clause break at once, no space needed. */
export const WIDE_CLAUSE_MARKS: ReadonlySet<string> = new Set(['、', '，', '：', '；', '﹐', '﹑', '､']);

/** Marks after which a run-on may be cut when it reaches `maxChars` (with a space after). */
export const CUT_MARKS: ReadonlySet<string> = new Set([...CLAUSE_MARKS, '!', '?', '…', '؟']);
