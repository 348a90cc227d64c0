/**
 * Emoji are dropped from speech: a TTS engine either skips them or reads their names aloud
 * ("thumbs up"), and neither belongs in an assistant's voice.
 */

// Pictographs plus the invisible parts of emoji sequences: skin-tone modifiers, regional-indicator
// flag letters, variation selectors, the keycap mark and subdivision-flag tags. Digits, `#` and
// `*` have the Emoji property too but are text, so the property used is Extended_Pictographic.
const EMOJI_PART = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u{FE0E}\u{FE0F}\u{20E3}\u{E0020}-\u{E007F}]$/u;

/**
 * What the cleaner emits for a dropped emoji sequence: a word break (`I❤️NY` is `I NY`) that,
 * unlike a space, is also removed before punctuation (`Great job 👍!` is `Great job!`).
 */
export const EMOJI_GAP = '\uFFFC';

/** The zero-width joiner: glue inside emoji sequences, but also needed by Indic scripts. */
export const ZWJ = '\u200D';

/**
 * Whether the code point `ch` is an emoji or part of an emoji sequence.
 *
 * @example
 * ```ts
 * isEmojiPart('👍'); // true
 * isEmojiPart('🏽'); // true (skin tone)
 * isEmojiPart('#');  // false
 * ```
 */
export function isEmojiPart(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  if (c < 0xa9) return false;
  // Kana, Han and Hangul hold no pictographs except the two enclosed ideographs ㊗ ㊙.
  if (c >= 0x3040 && c <= 0x9fff) return c === 0x3297 || c === 0x3299;
  if (c >= 0xac00 && c <= 0xd7af) return false;
  return EMOJI_PART.test(ch);
}

const INVISIBLE = new Set(['\u200B', '\u00AD', '\uFEFF', '\u2060', '\u200E', '\u200F']);

/** Whether `ch` is an invisible format character that is dropped (zero-width space, soft hyphen, BOM). */
export function isInvisible(ch: string): boolean {
  return ch.charCodeAt(0) >= 0xad && INVISIBLE.has(ch);
}
