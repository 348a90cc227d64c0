import fc from 'fast-check';
import { from, lastValueFrom, of, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { segmentPieces, type SegmentPiece } from './segment-pieces.js';
import { clauseHeavyText, randomCuts, randomText, splitAt, TEXTS } from './testing/sample-texts.js';

const WORD_END = /[\p{L}\p{N}]$/u;

/** Pieces that end in a letter or digit whose segment goes on with anything but a space. */
function unfinishedWords(pieces: readonly SegmentPiece[]): SegmentPiece[] {
  return pieces.filter((piece, i) => {
    const next = pieces[i + 1];
    return !piece.last && WORD_END.test(piece.text) && next !== undefined && next.text !== '' && !next.text.startsWith(' ');
  });
}

describe('segmentPieces', () => {
  it('hands out each segment as its draft grows, then the rest when it is cut', async () => {
    const pieces = await lastValueFrom(of('Hello there my', ' friend. Bye').pipe(segmentPieces(), toArray()));
    expect(pieces).toEqual([
      { index: 0, text: 'Hello there', last: false },
      { index: 0, text: ' my friend.', last: true },
      { index: 1, text: 'Bye', last: true },
    ]);
  });

  it('ends a segment with an empty piece when its draft was already all of it (cut at a clause mark)', async () => {
    const tokens = of('Well then, so', ' we waited for it');
    const pieces = await lastValueFrom(tokens.pipe(segmentPieces({ maxChars: 20 }), toArray()));
    expect(pieces).toEqual([
      { index: 0, text: 'Well then,', last: false },
      { index: 0, text: '', last: true },
      { index: 1, text: 'so we waited for', last: false },
      { index: 1, text: ' it', last: true },
    ]);
  });

  // What an engine may rely on (Qwen3's tokenizer commits such a word at once): a piece that
  // ends in a letter or digit ends a word, since its segment goes on with a space or not at all.
  it("ends a word wherever a piece that is not a segment's last ends in a letter or digit", async () => {
    const texts = fc.oneof(fc.constantFrom(...TEXTS), randomText, clauseHeavyText);
    await fc.assert(
      fc.asyncProperty(texts, randomCuts(30), fc.constantFrom(undefined, 24, 60), async (text, cuts, maxChars) => {
        const pieces = await lastValueFrom(from(splitAt(text, cuts)).pipe(segmentPieces(maxChars ? { maxChars } : {}), toArray()));
        expect(unfinishedWords(pieces)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('fails the stream on a token that is not a string', async () => {
    const tokens = of('Hi', 42 as unknown as string);
    await expect(lastValueFrom(tokens.pipe(segmentPieces()))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
