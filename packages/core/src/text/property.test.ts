import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasSpeakable } from './chars.js';
import type { SentencesOptions } from './options.js';
import { SentenceSegmenter } from './segmenter.js';
import { splitSentences } from './sentences.js';
import { cleanForSpeech } from './speakable.js';
import { clauseHeavyText, randomCuts, randomText, splitAt, TEXTS, tokenSplits } from './testing/sample-texts.js';

const MAX_SMALL = 40;

/** Segments of `text` fed as the given tokens. */
function feed(tokens: readonly string[], options?: SentencesOptions): string[] {
  const segmenter = new SentenceSegmenter(options);
  const out: string[] = [];
  for (const token of tokens) out.push(...segmenter.push(token));
  out.push(...segmenter.end());
  return out;
}

/**
 * The segments say exactly the cleaned text, whitespace aside — except that a last piece with
 * nothing speakable in it (a lone `!!!` after the final boundary) is not emitted.
 */
function expectSameText(segments: readonly string[], cleaned: string): void {
  const said = segments.join('').replace(/\s+/g, '');
  const all = cleaned.replace(/\s+/g, '');
  expect(all.slice(0, said.length)).toBe(said);
  expect(hasSpeakable(all.slice(said.length))).toBe(false);
}

function checkSegments(segments: readonly string[], maxChars: number): void {
  for (const s of segments) {
    expect(s).toBe(s.trim());
    expect(s).not.toMatch(/\s\s|[\n\t\uFFFC]/);
    expect(hasSpeakable(s)).toBe(true);
    expect(s.length).toBeLessThanOrEqual(maxChars);
  }
}

describe('segmentation properties over the sample texts', () => {
  for (const [i, text] of TEXTS.entries()) {
    it(`text ${i}: any token split gives the same segments, which join to the cleaned text`, () => {
      const reference = splitSentences(text);
      const cleaned = cleanForSpeech(text);
      expect(reference.length).toBeGreaterThan(0);
      expectSameText(reference, cleaned);
      checkSegments(reference, 250);
      expect(feed([...text])).toEqual(reference);
      expect(feed(text.split(''))).toEqual(reference);
      fc.assert(
        fc.property(tokenSplits(text), (cuts) => {
          expect(feed(splitAt(text, cuts))).toEqual(reference);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('the same holds with a small maxChars and an early first clause', () => {
    const options = { maxChars: MAX_SMALL, firstClauseMinChars: 10 };
    for (const text of TEXTS) {
      const reference = splitSentences(text, options);
      checkSegments(reference, MAX_SMALL);
      expect(reference.join('').replace(/\s+/g, '')).toBe(splitSentences(text).join('').replace(/\s+/g, ''));
      fc.assert(
        fc.property(tokenSplits(text), (cuts) => {
          expect(feed(splitAt(text, cuts), options)).toEqual(reference);
        }),
        { numRuns: 15 },
      );
    }
  });
});

describe('segmentation properties over random markdown-ish text', () => {
  it('is independent of the token split and keeps every speakable character', () => {
    fc.assert(
      fc.property(randomText, randomCuts(40), (text, cuts) => {
        const reference = splitSentences(text);
        checkSegments(reference, 250);
        expect(feed(splitAt(text, cuts))).toEqual(reference);
        expect(feed([...text])).toEqual(reference);
        expectSameText(reference, cleanForSpeech(text));
      }),
      { numRuns: 400 },
    );
  });

  it('is independent of the token split for run-ons full of clause marks, at any maxChars from 20 to 60', () => {
    fc.assert(
      fc.property(clauseHeavyText, fc.integer({ min: 20, max: 60 }), randomCuts(30), (text, maxChars, cuts) => {
        const reference = splitSentences(text, { maxChars });
        checkSegments(reference, maxChars);
        expect(feed(splitAt(text, cuts), { maxChars })).toEqual(reference);
        expect(feed([...text], { maxChars })).toEqual(reference);
        expectSameText(reference, cleanForSpeech(text));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps segments within a small maxChars', () => {
    fc.assert(
      fc.property(randomText, randomCuts(20), (text, cuts) => {
        const options = { maxChars: 24, firstClauseMinChars: 5 };
        const reference = splitSentences(text, options);
        checkSegments(reference, 24);
        expect(feed(splitAt(text, cuts), options)).toEqual(reference);
      }),
      { numRuns: 300 },
    );
  });
});
