import { lastValueFrom, of, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { segmentPieces } from './segment-pieces.js';

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

  it('fails the stream on a token that is not a string', async () => {
    const tokens = of('Hi', 42 as unknown as string);
    await expect(lastValueFrom(tokens.pipe(segmentPieces()))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
