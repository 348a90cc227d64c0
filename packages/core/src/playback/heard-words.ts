/**
 * Cutting a segment's text at what a listener heard: whole words only, so a barge-in never
 * commits half a word ("I'd recomm") to the conversation history.
 */

/** Chinese and Japanese are written without spaces: each of these characters is a word. */
const IDEOGRAPHIC = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** Characters that make a sound. Punctuation and symbols belong to a word but take no time. */
const SOUNDING = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;

/** One word of a text: where its sound ends and where it ends with its punctuation. */
interface Word {
  /** Offset just after the word's last letter or digit (its start when it has none). */
  soundEnd: number;
  /** Offset just after the word, trailing punctuation included. */
  end: number;
  /** A single ideograph: the next letter starts a new word. */
  ideograph: boolean;
  /** Whether it has a letter, digit or ideograph yet. */
  sounded: boolean;
}

/**
 * The prefix of `text` that a listener who heard its first `charOffset` characters heard as
 * whole words: a word counts once its last letter or digit lies within `charOffset`, and brings
 * its trailing punctuation along ("world." is heard at offset 11 of "Hello world."). Each Han,
 * Hiragana or Katakana character is a word of its own.
 *
 * @example
 * ```ts
 * heardWords('Hello world.', 8);  // 'Hello'
 * heardWords('Hello world.', 11); // 'Hello world.'
 * heardWords('你好，世界。', 3);    // '你好，世'
 * ```
 */
export function heardWords(text: string, charOffset: number): string {
  if (charOffset <= 0) return ''; // nothing heard yet, not even a silent dash
  let cut = 0;
  for (const word of words(text)) {
    if (word.soundEnd > charOffset) break;
    cut = word.end;
  }
  return text.slice(0, cut);
}

/** Splits `text` into words, in order (their `soundEnd`s never decrease). */
function words(text: string): Word[] {
  const found: Word[] = [];
  let current: Word | undefined;
  let offset = 0;
  for (const char of text) {
    const next = offset + char.length;
    if (SPACE.test(char)) {
      current = undefined;
    } else if (IDEOGRAPHIC.test(char)) {
      current = sound(current, next, true) ?? pushWord(found, next, true);
    } else if (SOUNDING.test(char)) {
      current = sound(current, next, false) ?? pushWord(found, next, false);
    } else if (current === undefined) {
      // Opening punctuation ("¿", a quote, a dash): silent until a letter follows.
      current = { soundEnd: offset, end: next, ideograph: false, sounded: false };
      found.push(current);
    } else {
      current.end = next;
    }
    offset = next;
  }
  return found;
}

/**
 * Extends `word` with a sounding character ending at `next`, when the character belongs to it:
 * a letter continues a word of letters, and anything sounding completes a silent opener.
 * Returns undefined when the character starts a word of its own.
 */
function sound(word: Word | undefined, next: number, ideograph: boolean): Word | undefined {
  if (word === undefined) return undefined;
  if (word.sounded && (ideograph || word.ideograph)) return undefined;
  word.soundEnd = next;
  word.end = next;
  word.sounded = true;
  word.ideograph = ideograph;
  return word;
}

function pushWord(found: Word[], next: number, ideograph: boolean): Word {
  const word: Word = { soundEnd: next, end: next, ideograph, sounded: true };
  found.push(word);
  return word;
}

/**
 * Joins the texts of consecutive segments as they were heard: all in full except the last, of
 * which only `lastHeard` (a prefix of it, see {@link heardWords}) is kept. Segments are joined
 * with a space, except between Chinese or Japanese text, which is written without one; the
 * choice rests on the full texts, so the result only grows as more of the last one is heard.
 * Empty parts are skipped.
 *
 * @example
 * ```ts
 * joinSegments(['Hello there.', 'How are you?'], 'How are'); // 'Hello there. How are'
 * joinSegments(['你好。', '再见。']);                          // '你好。再见。'
 * ```
 */
export function joinSegments(texts: readonly string[], lastHeard?: string): string {
  let joined = '';
  texts.forEach((text, i) => {
    const part = i === texts.length - 1 && lastHeard !== undefined ? lastHeard : text;
    if (part === '') return;
    if (joined !== '' && !(endsIdeographic(joined) && startsIdeographic(text))) joined += ' ';
    joined += part;
  });
  return joined;
}

/** Whether the text's last sounding character (punctuation skipped) is an ideograph. */
function endsIdeographic(text: string): boolean {
  const chars = [...text];
  for (let i = chars.length - 1; i >= 0; i--) {
    const char = chars[i]!;
    if (IDEOGRAPHIC.test(char)) return true;
    if (SOUNDING.test(char)) return false;
  }
  return false;
}

function startsIdeographic(text: string): boolean {
  for (const char of text) {
    if (IDEOGRAPHIC.test(char)) return true;
    if (SOUNDING.test(char)) return false;
  }
  return false;
}
