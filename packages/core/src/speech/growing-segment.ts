import { defer, filter, map, ReplaySubject, type Observable, type OperatorFunction } from 'rxjs';
import type { SegmentPiece } from '../text/segment-pieces.js';

/**
 * One segment's text while it arrives. Every piece is kept, so a segment whose turn comes late
 * (the one before it is still being spoken) loses nothing: `pieces$` replays them all, then
 * goes on live. Memory is its text, at most `maxChars`.
 */
export class GrowingSegment {
  #text = '';
  readonly #pieces = new ReplaySubject<string>();
  /** Every piece of the text, from the first; completes when the segment is cut. */
  readonly pieces$: Observable<string> = this.#pieces.asObservable();

  constructor(readonly index: number) {}

  /** The text so far. */
  get text(): string {
    return this.#text;
  }

  /** Appends a piece that became certain (an empty one is no news and is not passed on). */
  add(piece: string): void {
    if (piece === '') return;
    this.#text += piece;
    this.#pieces.next(piece);
  }

  /** The segment is cut: its text is whole. */
  complete(): void {
    this.#pieces.complete();
  }
}

/**
 * RxJS operator: segment pieces in, one {@link GrowingSegment} out per segment, as soon as its
 * first piece is there (holding that piece); the later pieces go into it as they come.
 */
export function growingSegments(): OperatorFunction<SegmentPiece, GrowingSegment> {
  return (source) =>
    defer(() => {
      let current: GrowingSegment | undefined;
      return source.pipe(
        map((piece) => {
          const opened = current === undefined;
          const segment = (current ??= new GrowingSegment(piece.index));
          segment.add(piece.text);
          if (piece.last) {
            segment.complete();
            current = undefined;
          }
          return opened ? segment : undefined;
        }),
        filter((segment) => segment !== undefined),
      );
    });
}
