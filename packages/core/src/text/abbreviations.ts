import { isDigit, isUpper } from './chars.js';

/**
 * What a period after an abbreviation means for the sentence (`ambiguous`: decided by the next
 * whole word, see {@link startsSentence}: `5 p.m. Then` ends, `Apple Inc. CEO` goes on):
 * - `title`: always followed by more of the sentence (`Dr. Smith`, `e.g. Python`, `z. B. Äpfel`);
 * - `numeric`: followed by a number mid-sentence (`No. 5`, `Fig. 3`, `Dec. 25`), but a real word
 *   or a possible sentence end otherwise (`No. I disagree.`);
 * - `sentenceEnd`: often ends a sentence, overriding the dotted-acronym default (`5 p.m. Then`).
 *
 * Abbreviations that are not listed (`etc.`, `Inc.`, `usw.`) end a sentence when a capitalised
 * word follows, which is what they usually do.
 */
export type AbbreviationClass = 'title' | 'numeric' | 'sentenceEnd' | 'ambiguous';

// Keys are lowercase, without the final period; multi-part ones keep their inner periods
// and lose their inner spaces ("z. B." -> "z.b"). Real words ("me", "on", "es") are left out
// on purpose: they end sentences far more often than they abbreviate.
// prettier-ignore
const TITLES = [
  // English
  'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'st', 'sr', 'rev', 'hon', 'gen', 'col', 'capt', 'cpt',
  'lt', 'sgt', 'maj', 'cmdr', 'adm', 'gov', 'sen', 'rep', 'pres', 'supt', 'messrs', 'mt', 'ft',
  'vs', 'v', 'cf', 'e.g', 'i.e', 'viz', 'approx', 'al', 'esp', 'univ', 'dept',
  // Spanish, Portuguese
  'sra', 'srta', 'sres', 'dra', 'lic', 'ing', 'arq', 'profa', 'ud', 'uds', 'vd', 'vds', 'dña',
  'av', 'avda', 'p.ej', 'aprox', 'ee', 'gral', 'excmo', 'excma', 'exmo', 'exma', 'sto', 'sta',
  // French
  'mme', 'mmes', 'mlle', 'mlles', 'mgr', 'pr', 'ste', 'p.ex', 'c.-à-d', 'c.à.d', 'env',
  // German
  'hr', 'hrn', 'fr', 'frl', 'dipl', 'z', 'o', 'z.b', 'd.h', 'u.a', 's.o', 's.u', 'o.ä', 'u.ä',
  'v.a', 'bzw', 'vgl', 'ggf', 'evtl', 'inkl', 'exkl', 'sog', 'zzgl', 'ehem', 'gem', 'geb', 'hrsg',
  'mio', 'mrd', 'tsd', 'bspw', 'allg',
  // Italian
  'sig', 'sig.ra', 'sig.na', 'dott', 'dott.ssa', 'avv',
  // Russian
  'т.е', 'т.к', 'т.н', 'им', 'ул', 'проф', 'акад', 'св', 'напр', 'см', 'пр',
];

// prettier-ignore
const NUMERIC = [
  'no', 'nos', 'nr', 'nº', 'n°', 'fig', 'figs', 'p', 'pp', 'vol', 'vols', 'ch', 'chap', 'sec', 'secs',
  'art', 'arts', 'ed', 'eds', 'op', 'par', 'para', 'eq', 'eqs', 'ref', 'refs', 'tab', 'ex', 'c',
  'ca', 'pt', 'pg', 'ver', 'tel', 'str', 'abs', 'bd', 'pag', 'pág', 'págs', 'núm', 'стр', 'рис',
  // months: "Dec. 25", but "in Jan. The next" ends a sentence
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'febr',
  'okt', 'dez', 'ene', 'abr', 'ago', 'dic', 'janv', 'févr', 'avr', 'juil', 'déc',
];

const SENTENCE_END = ['т.д', 'т.п', 'u.s.w'];

const AMBIGUOUS = ['a.m', 'p.m', 'inc', 'ltd', 'co', 'corp', 'jr', 'bros', 'llc', 'plc'];

const TABLE: ReadonlyMap<string, AbbreviationClass> = new Map<string, AbbreviationClass>([
  ...TITLES.map((key) => [key, 'title'] as const),
  ...NUMERIC.map((key) => [key, 'numeric'] as const),
  ...SENTENCE_END.map((key) => [key, 'sentenceEnd'] as const),
  ...AMBIGUOUS.map((key) => [key, 'ambiguous'] as const),
]);

/**
 * The class of an abbreviation, looked up without its final period and case-insensitively.
 *
 * @example
 * ```ts
 * abbreviationClass('Dr');   // 'title'
 * abbreviationClass('z. B'); // 'title' (inner spaces are ignored)
 * abbreviationClass('etc');  // undefined: a sentence end before a capital
 * ```
 */
export function abbreviationClass(word: string): AbbreviationClass | undefined {
  return TABLE.get(word.toLowerCase().replace(/\s+/g, ''));
}

const DOTTED = /^(?:\p{L}\.)+\p{L}$/u;
const LATIN = /\p{Script=Latin}/u;
const LIST_NUMBER = /^\d{1,3}$/;
const ORDINAL_NUMBER = /^\d{1,2}$/;
// Words that precede a German ordinal ("am 3. Oktober", "im 19. Jahrhundert"); none ends an
// English sentence before a bare number.
const GERMAN_ORDINAL_CONTEXT: ReadonlySet<string> = new Set([
  'am',
  'im',
  'zum',
  'zur',
  'vom',
  'der',
  'die',
  'das',
  'dem',
  'den',
  'des',
  'bis',
  'ab',
  'seit',
  'jeder',
  'jedes',
  'ihr',
  'ihrem',
  'ihren',
  'sein',
  'seinem',
  'seinen',
  'unser',
  'beim',
  'ins',
]);

/** The word before a period, as {@link periodVerdict} needs it. */
export interface WordBefore {
  /** The word right before the period, leading quotes and brackets removed. */
  readonly word: string;
  /** The word before that if it is short (`z.` of `z. B.`, `am` of `am 3. Mai`), else ''. */
  readonly prev: string;
  /** Whether `word` starts the segment (for `1. First item`). */
  readonly atStart: boolean;
  /** The list number the segment starts with (`1` of `1. First item 2.`), or -1. */
  readonly listNumber: number;
}

/**
 * What a period followed by a space and a character that is not lowercase means: `open` (the
 * sentence goes on), `end`, or a rule for the whole next word — `endsBeforeStarter` (`the U.S.
 * However` ends, `the U.S. Army` goes on) or `endsUnlessName` (`5 p.m. Be` ends, `5 p.m. EST`
 * and `Apple Inc. CEO` go on). `nextItem`: the word is the next number of an inline list
 * (`1. First item 2. Second`), which starts the next segment itself.
 */
export type PeriodVerdict = 'open' | 'end' | 'endsBeforeStarter' | 'endsUnlessName' | 'nextItem';

/**
 * Judges a period after `before`, followed by a space and `next` (not lowercase). Kept open by
 * a known abbreviation, a list number at the start of a segment (`1. First`), an initial
 * (`J. R. R. Tolkien`) or a dotted acronym (`U.S. Army`); in Latin script the last two, and
 * ambiguous abbreviations (`p.m.`, `Inc.`), are judged by the next word.
 *
 * @example
 * ```ts
 * periodVerdict({ word: 'Dr', prev: '', atStart: false, listNumber: -1 }, 'S'); // 'open'
 * periodVerdict({ word: 'U.S', prev: 'the', atStart: false, listNumber: -1 }, 'H'); // 'endsBeforeStarter'
 * periodVerdict({ word: 'today', prev: '', atStart: false, listNumber: -1 }, 'T'); // 'end'
 * ```
 */
export function periodVerdict(before: WordBefore, next: string): PeriodVerdict {
  const { word, prev, atStart, listNumber } = before;
  if (word === '') return 'end';
  if (isNumberWord(word)) {
    if (!atStart && listNumber >= 0 && Number(word) === listNumber + 1) return 'nextItem';
    return numberKeepsOpen(word, prev, atStart) ? 'open' : 'end';
  }
  const dotted = prev.endsWith('.') ? abbreviationClass(prev + word) : undefined;
  switch (dotted ?? abbreviationClass(word)) {
    case 'title':
      return 'open';
    case 'numeric':
      return isDigit(next) ? 'open' : 'end';
    case 'sentenceEnd':
      return 'end';
    case 'ambiguous':
      return isUpper(next) ? 'endsUnlessName' : 'end';
  }
  if (!isSingleUpper(word) && !DOTTED.test(word)) return 'end';
  return isUpper(next) && LATIN.test(word) ? 'endsBeforeStarter' : 'open';
}

/**
 * A number before ". " + capital keeps the sentence open when it is a list number (at the start
 * of a segment; after a colon only `1.`, since an inline list starts there), or a German ordinal
 * after an article or preposition (`am 3. Oktober`, `der 2. Weltkrieg`).
 */
function numberKeepsOpen(word: string, prev: string, atStart: boolean): boolean {
  if (atStart) return LIST_NUMBER.test(word);
  if (prev.endsWith(':')) return word === '1';
  return ORDINAL_NUMBER.test(word) && GERMAN_ORDINAL_CONTEXT.has(prev.toLowerCase());
}

function isNumberWord(word: string): boolean {
  const c = word.charCodeAt(0);
  return c >= 0x30 && c <= 0x39 && /^\d+$/.test(word);
}

function isSingleUpper(word: string): boolean {
  const cp = word.codePointAt(0) ?? 0;
  return word.length === (cp > 0xffff ? 2 : 1) && isUpper(word);
}
