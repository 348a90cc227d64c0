/**
 * Character classes the cleaner and the segmenter decide on. Every function takes one code point
 * (a string of one or two UTF-16 units) and answers from an ASCII fast path before any Unicode
 * property regex, because they run once per input character.
 */

const SPACE = /^\s$/u;
const LOWER = /^\p{Ll}$/u;
const UPPER = /^[\p{Lu}\p{Lt}]$/u;
const DIGIT = /^\p{Nd}$/u;
const ALNUM = /^[\p{L}\p{N}]$/u;
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;
const GREEK = /^\p{Script=Greek}$/u;

/** Whether `ch` is whitespace (`\s`: includes NBSP, line and paragraph separators). */
export function isSpace(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return SPACE.test(ch);
}

/** Whether `ch` is a lowercase letter (`\p{Ll}`), in any script. */
export function isLower(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c >= 0x61 && c <= 0x7a;
  return LOWER.test(ch);
}

/** Whether `ch` is an uppercase or titlecase letter, in any script. */
export function isUpper(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c >= 0x41 && c <= 0x5a;
  return UPPER.test(ch);
}

/** Whether `ch` is a decimal digit, in any script (full-width `３` included). */
export function isDigit(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c >= 0x30 && c <= 0x39;
  return DIGIT.test(ch);
}

/** Whether `ch` is a letter or a number. */
export function isAlnum(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
  return ALNUM.test(ch);
}

/** Whether `ch` is Han, Hiragana or Katakana: scripts written without spaces between sentences. */
export function isCjk(ch: string): boolean {
  return ch.charCodeAt(0) >= 0x2e80 && CJK.test(ch);
}

/** Whether `ch` is a Greek letter (where `;` is the question mark). */
export function isGreek(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return c >= 0x370 && c < 0x2000 && GREEK.test(ch);
}

const SPEAKABLE = /[\p{L}\p{N}]/u;

/** Whether `text` has anything a voice can say: at least one letter or number. */
export function hasSpeakable(text: string): boolean {
  return SPEAKABLE.test(text);
}
