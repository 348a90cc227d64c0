import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasSpeakable } from './chars.js';
import type { SentencesOptions } from './options.js';
import { WIDE_CLAUSE_MARKS } from './punctuation.js';
import { SentenceSegmenter } from './segmenter.js';
import { clauseHeavyText, randomCuts, randomText, splitAt, TEXTS, tokenSplits } from './testing/sample-texts.js';

/** What a caller of `draft()` sees: the segments, and the drafts read after each push. */
interface Drafted {
  segments: string[];
  /** `drafts[i]`: the drafts read while segment `i` was being built, in order. */
  drafts: string[][];
}

function draftTokens(tokens: Iterable<string>, options?: SentencesOptions): Drafted {
  const segmenter = new SentenceSegmenter(options);
  const segments: string[] = [];
  const drafts: string[][] = [];
  for (const token of tokens) {
    segments.push(...segmenter.push(token));
    (drafts[segments.length] ??= []).push(segmenter.draft());
  }
  segments.push(...segmenter.end());
  expect(segmenter.draft()).toBe('');
  return { segments, drafts };
}

/** The four promises of `draft()`, and that it ends at a word or clause boundary. */
function expectDraftInvariants({ segments, drafts }: Drafted): void {
  for (const [index, seen] of drafts.entries()) {
    if (seen === undefined) continue;
    const segment = segments[index];
    seen.forEach((draft, i) => {
      if (i > 0) expect(draft.startsWith(seen[i - 1]!)).toBe(true);
      if (draft === '') return;
      expect(hasSpeakable(draft)).toBe(true);
      expect(segment?.startsWith(draft)).toBe(true);
      const next = segment!.charAt(draft.length);
      expect(next === '' || next === ' ' || WIDE_CLAUSE_MARKS.has(draft.at(-1)!)).toBe(true);
    });
  }
}

/** Drafts read one token at a time, for the examples below. */
function draftsOf(tokens: readonly string[], options?: SentencesOptions): string[] {
  const segmenter = new SentenceSegmenter(options);
  return tokens.map((token) => {
    segmenter.push(token);
    return segmenter.draft();
  });
}

describe('draft(): the certain start of the segment being built', () => {
  it('holds the words of a sentence before its stop arrives', () => {
    expect(draftsOf(['Hello', ' there', ' my', ' friend', '.', ' How'])).toEqual([
      '',
      'Hello',
      'Hello there',
      'Hello there my',
      'Hello there my',
      '',
    ]);
  });

  it('starts again from the next segment once one is returned', () => {
    const segmenter = new SentenceSegmenter();
    expect(segmenter.push('It rained.')).toEqual([]);
    expect(segmenter.draft()).toBe('It');
    expect(segmenter.push(' We stayed')).toEqual(['It rained.']);
    expect(segmenter.draft()).toBe('We');
  });

  it('leaves out the next number of an inline list, which may yet start the next item', () => {
    expect(draftsOf(['1. Buy milk', ' 2.', ' Buy'])).toEqual(['1. Buy', '1. Buy milk', '2.']);
  });

  it('leaves out a word before an emoji: `2 👍.` may yet be cut off as the next number', () => {
    expect(draftsOf(['1. Buy milk 2 ', '👍', '.', ' Buy'])).toEqual(['1. Buy milk', '1. Buy milk', '1. Buy milk', '2.']);
  });

  it('runs past a clause mark in a sentence of ordinary length, word by word', () => {
    const words = 'Well, I think that the weather will be fine tomorrow'.split(/(?= )/);
    const drafts = draftsOf([...words, '.']);
    expect(drafts.at(-2)).toBe('Well, I think that the weather will be fine');
    expect(drafts.slice(1, 4)).toEqual(['Well,', 'Well, I', 'Well, I think']);
  });

  it('waits at a clause mark in the second half of maxChars, where a too-long segment may be cut', () => {
    // maxChars 24: `Well,` (5) is in the first half and never the cut; `so;` (17) may be.
    const tokens = ['Well,', ' I', ' think', ' so;', ' you', ' agree'];
    expect(draftsOf(tokens, { maxChars: 24 })).toEqual(['', 'Well,', 'Well, I', 'Well, I think', 'Well, I think so;', 'you']);
    expect(draftTokens(tokens, { maxChars: 24 }).segments).toEqual(['Well, I think so;', 'you agree']);
  });

  it('drafts text without spaces at its clause marks', () => {
    expect(draftsOf(['你好', '、我们', '走吧'])).toEqual(['', '你好、', '你好、']);
  });

  it('is empty while nothing speakable is certain', () => {
    expect(draftsOf(['**', '"', ' ', '—', ' Hi'])).toEqual(['', '', '', '', '']);
  });
});

describe('draft() properties', () => {
  for (const [i, text] of TEXTS.entries()) {
    it(`text ${i}: drafts grow, begin their segment and end at a boundary, however the text is split`, () => {
      const byCharacter = draftTokens(text);
      expectDraftInvariants(byCharacter);
      // The draft advances at all (the user-visible gain) wherever there is a boundary to end at.
      const hasBoundary = / |[、，：；]/.test(text);
      expect(byCharacter.drafts.flat().some((draft) => draft !== '')).toBe(hasBoundary);
      expectDraftInvariants(draftTokens(text.split(/(?= )/)));
      fc.assert(
        fc.property(tokenSplits(text), (cuts) => expectDraftInvariants(draftTokens(splitAt(text, cuts)))),
        { numRuns: 40 },
      );
    });
  }

  it('hold for the sample texts cut to a small maxChars', () => {
    for (const maxChars of [24, 40, 60]) {
      for (const text of TEXTS) {
        expectDraftInvariants(draftTokens(text, { maxChars }));
        expectDraftInvariants(draftTokens(text.split(/(?= )/), { maxChars }));
      }
    }
  });

  it('hold for run-ons full of clause marks, at any maxChars from 20 to 60', () => {
    fc.assert(
      fc.property(clauseHeavyText, fc.integer({ min: 20, max: 60 }), randomCuts(30), (text, maxChars, cuts) => {
        expectDraftInvariants(draftTokens(text, { maxChars }));
        expectDraftInvariants(draftTokens(splitAt(text, cuts), { maxChars }));
      }),
      { numRuns: 400 },
    );
  });

  it('hold for random markdown-ish text, also with a small maxChars and an early first clause', () => {
    fc.assert(
      fc.property(randomText, randomCuts(40), (text, cuts) => {
        expectDraftInvariants(draftTokens(splitAt(text, cuts)));
        expectDraftInvariants(draftTokens(text));
        expectDraftInvariants(draftTokens(splitAt(text, cuts), { maxChars: 24, firstClauseMinChars: 5 }));
      }),
      { numRuns: 500 },
    );
  });
});
