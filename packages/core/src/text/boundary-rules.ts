import { periodVerdict, type PeriodVerdict, type WordBefore } from './abbreviations.js';
import { isCjk, isLower, isUpper } from './chars.js';
import { CONTINUATIONS, INVERTED_MARKS, type StopKind } from './punctuation.js';

/** A rule by which the whole word after a period decides its boundary. */
export type NextWordRule = Exclude<PeriodVerdict, 'open' | 'end' | 'nextItem'>;

/** A stop seen in the segment whose boundary waits for the next character. */
export interface PendingStop {
  /** How the stop decides; see {@link StopKind}. */
  kind: Exclude<StopKind, 'widePeriod'>;
  /** Index of the first stop character in the segment. */
  readonly start: number;
  /** Index just after the stop run and any closing quotes or brackets: where a boundary cuts. */
  end: number;
  /**
   * `run` while more stops may join, `closers` after a closer, `space` after whitespace, `word`
   * while the next word arrives (for `U.S.`, `p.m.`: see {@link periodVerdict}).
   */
  phase: 'run' | 'closers' | 'space' | 'word';
  /** Where the next word starts, in the `word` phase. */
  wordStart: number;
  /** How the next word decides, in the `word` phase. */
  wordRule: NextWordRule;
  /** Whether a closing quote or bracket followed the stop. */
  closers: boolean;
}

/**
 * Whether the pending stop ends its sentence, now that `next` — the first character after it
 * (and after any closers and whitespace) that is not itself a stop or a closer — has arrived:
 * true, false, the {@link NextWordRule} by which the whole next word will tell, or `nextItem`
 * when the word before the stop begins the next item of an inline list. `text` is the segment so
 * far, for the word before a period.
 */
export function endsSentence(stop: PendingStop, next: string, text: string): boolean | NextWordRule | 'nextItem' {
  if (stop.kind === 'wide') return true;
  if (stop.phase !== 'space') return isCjk(next) || INVERTED_MARKS.has(next);
  if (isLower(next) || CONTINUATIONS.has(next)) return false;
  switch (stop.kind) {
    case 'exclaim':
      return true;
    case 'ellipsis':
      return startsSentenceAfterEllipsis(next);
    case 'period': {
      if (stop.closers) return true;
      const verdict = periodVerdict(wordBefore(text, stop.start), next);
      return verdict === 'open' || verdict === 'end' ? verdict === 'end' : verdict;
    }
  }
}

const QUOTES_OPENING: ReadonlySet<string> = new Set(['"', '“', '„', '«', '「', '『', '¿', '¡']);
const CASELESS_LETTER = /^\p{Lo}$/u;

/** An ellipsis ends a sentence only before a capitalised word (or a caseless script, a quote). */
function startsSentenceAfterEllipsis(next: string): boolean {
  return isUpper(next) || QUOTES_OPENING.has(next) || (next.charCodeAt(0) >= 0x80 && CASELESS_LETTER.test(next));
}

const MAX_WORD = 48;
const LIST_START = /^(\d{1,3})\. /;
const MAX_PREV = 6;
const LEADING_OPENERS = /^[\p{Ps}\p{Pi}"'¿¡]+/u;

/** The word before index `stop` of `text` (spaces are single, per {@link SegmentBuffer}). */
function wordBefore(text: string, stop: number): WordBefore {
  let i = stop;
  while (i > 0 && text.charCodeAt(i - 1) !== 0x20 && stop - i < MAX_WORD) i--;
  const word = text.slice(i, stop).replace(LEADING_OPENERS, '');
  const list = LIST_START.exec(text);
  return {
    word,
    prev: previousWord(text, i),
    atStart: i === 0,
    listNumber: list === null ? -1 : Number(list[1]),
  };
}

/** The word ending at the space before `wordStart` if it is short (at most 7 units), else ''. */
function previousWord(text: string, wordStart: number): string {
  if (wordStart < 2 || text.charCodeAt(wordStart - 1) !== 0x20) return '';
  const end = wordStart - 1;
  let j = end;
  while (j > 0 && text.charCodeAt(j - 1) !== 0x20 && end - j <= MAX_PREV) j--;
  if (j > 0 && text.charCodeAt(j - 1) !== 0x20) return '';
  return text.slice(j, end);
}
