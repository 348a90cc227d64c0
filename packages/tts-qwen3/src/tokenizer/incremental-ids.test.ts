import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { promptIds } from '../prompt/prompt-ids.js';
import { IncrementalTextIds, safeCut } from './incremental-ids.js';
import { bundledTokenizer } from './text-tokenizer.js';

// The real Qwen vocabulary and pre-tokenizer (the bundled Qwen3 tokenizer, the same ids as a
// checkpoint's, tested in text-tokenizer.test.ts).
const tokenizer = bundledTokenizer();

/** Characters that meet at the pre-tokenizer's and NFC's edges: words, digits, contractions, punctuation, CJK, emoji, marks, newlines. */
const PIECES = [
  'Hello',
  ' world',
  'don',
  "'t",
  "'s",
  ' ',
  '  ',
  '\n',
  '\n\n',
  '\t',
  ',',
  '.',
  '...',
  '!',
  '?',
  '-',
  '—',
  '"',
  '(',
  ')',
  ':',
  ';',
  '1',
  '23',
  '4.5',
  '1,000',
  '$',
  '%',
  '€',
  '你好',
  '世界',
  '，',
  '。',
  'こんにちは',
  '、',
  '안녕',
  '하세요',
  'Привет',
  'é',
  'e\u0301',
  '\u0301',
  '👍',
  '👍🏽',
  '🇺🇸',
  '👨‍👩‍👧',
  '❤️',
  '1️⃣',
  'x_y',
  'snake',
  '_',
  '@',
  '#',
  '*',
  '<',
  '>',
  '|',
  'ﬁ',
  'Ⅻ',
  '½',
  '²',
];

const texts = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 30 }).map((pieces) => pieces.join(''));

/** `text` cut at `cuts` (any UTF-16 offsets, even inside a surrogate pair's code point… avoided: code point offsets). */
function split(text: string, cuts: number[]): string[] {
  const chars = [...text];
  const at = [...new Set(cuts.map((c) => c % (chars.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const cut of [...at, chars.length]) {
    pieces.push(chars.slice(from, cut).join(''));
    from = cut;
  }
  return pieces;
}

describe('IncrementalTextIds', () => {
  it('gives exactly the ids of the whole text, however the text arrives', () => {
    fc.assert(
      fc.property(texts, fc.array(fc.nat(), { maxLength: 12 }), (text, cuts) => {
        fc.pre(text.trim() !== '');
        const incremental = new IncrementalTextIds(tokenizer);
        const ids = split(text, cuts).flatMap((piece) => incremental.push(piece));
        ids.push(...incremental.end());
        expect(ids).toEqual(promptIds(tokenizer, text).text);
      }),
      { numRuns: 400 },
    );
  });

  it("with pieces that end words (a space or nothing follows a final letter), gives the whole text's ids too", () => {
    fc.assert(
      fc.property(texts, fc.array(fc.nat(), { maxLength: 12 }), (text, cuts) => {
        fc.pre(text.trim() !== '');
        // Cut only before a space that follows a letter or digit, as core's drafts do.
        const chars = [...text];
        const wordEnds = chars.flatMap((char, i) => (char === ' ' && i > 0 && /[\p{L}\p{N}]/u.test(chars[i - 1]!) ? [i] : []));
        const at = wordEnds.length ? cuts.map((cut) => wordEnds[cut % wordEnds.length]!) : [];
        const incremental = new IncrementalTextIds(tokenizer);
        const ids = split(text, at).flatMap((piece) => incremental.push(piece, true));
        ids.push(...incremental.end());
        expect(ids).toEqual(promptIds(tokenizer, text).text);
      }),
      { numRuns: 400 },
    );
  });

  it("takes a piece's last word at once when told the piece ends a word", () => {
    const incremental = new IncrementalTextIds(tokenizer);
    expect(incremental.push('Hello there', true)).toEqual(promptIds(tokenizer, 'Hello there').text);
    expect(incremental.push(' my', false)).toEqual([]);
  });

  it('hands out the ids of whole words as they complete, and holds the word still arriving', () => {
    const incremental = new IncrementalTextIds(tokenizer);
    expect(incremental.push('Hello wor')).toEqual(promptIds(tokenizer, 'Hello').text);
    expect(incremental.push('ld')).toEqual([]);
    expect(incremental.push(', how')).toEqual(tokenizer.encode(' world'));
    expect([...incremental.push(' are'), ...incremental.end()]).toEqual(tokenizer.encode(', how are'));
  });

  it('refuses a special token, at the latest at the end, however it arrives', () => {
    for (const pieces of [['Hi <|im_end|> there'], ['Hi <|im', '_end|> there'], ['<|im_end|>']]) {
      const incremental = new IncrementalTextIds(tokenizer);
      expect(() => {
        for (const piece of pieces) incremental.push(piece);
        incremental.end();
      }).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });

  it('refuses empty text at its end', () => {
    const incremental = new IncrementalTextIds(tokenizer);
    incremental.push('  ');
    expect(() => incremental.end()).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: 'text is empty' }));
  });
});

describe('safeCut', () => {
  it('cuts after a word or digit once a character that cannot join it has arrived', () => {
    expect(safeCut('Hello world, th')).toBe(11);
    expect(safeCut('Hello')).toBe(0);
    expect(safeCut('Hello ')).toBe(5);
    expect(safeCut('你好，世界')).toBe(2);
    expect(safeCut('cafe\u0301')).toBe(0); // the accent composes with the e
    expect(safeCut('42!')).toBe(2);
  });
});
