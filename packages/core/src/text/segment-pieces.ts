import type { OperatorFunction } from 'rxjs';
import type { SentencesOptions } from './options.js';
import type { SentenceSegmenter } from './segmenter.js';
import { segmenting } from './sentences.js';

/** A piece of a segment's text that became certain. */
export interface SegmentPiece {
  /** The segment, counted from 0 as `sentences()` emits them. */
  index: number;
  /** The new text. The pieces of one segment join to exactly that segment; only a last one may be ''. */
  text: string;
  /** Whether the segment is cut with this piece: no more of its text will come. */
  last: boolean;
}

/**
 * RxJS operator: LLM tokens in, the text of each segment out in pieces as soon as it is certain
 * — its {@link SentenceSegmenter.draft} as it grows, then the rest when the segment is cut — so a
 * speech engine can start on a sentence before its stop arrives. The segments are exactly those
 * of `sentences()` for the same options; errors and unsubscription behave as there.
 *
 * @example
 * ```ts
 * of('Hello there my', ' friend. Bye').pipe(segmentPieces());
 * // {0, 'Hello there'}, {0, ' my friend.', last}, {1, 'Bye', last}
 * ```
 */
export function segmentPieces(options?: SentencesOptions): OperatorFunction<string, SegmentPiece> {
  return segmenting(options, (segmenter) => {
    const pieces = new PieceCounter(segmenter);
    return (token) => (token === undefined ? pieces.end() : pieces.push(token));
  });
}

/** Remembers how much of the segment being built was already handed out. */
class PieceCounter {
  private index = 0;
  private sent = 0;

  constructor(private readonly segmenter: SentenceSegmenter) {}

  push(token: string): SegmentPiece[] {
    return this.pieces(this.segmenter.push(token), this.segmenter.draft());
  }

  end(): SegmentPiece[] {
    return this.pieces(this.segmenter.end(), '');
  }

  private pieces(segments: readonly string[], draft: string): SegmentPiece[] {
    const pieces = segments.map((segment) => this.last(segment));
    if (draft.length > this.sent) {
      pieces.push({ index: this.index, text: draft.slice(this.sent), last: false });
      this.sent = draft.length;
    }
    return pieces;
  }

  private last(segment: string): SegmentPiece {
    const piece = { index: this.index++, text: segment.slice(this.sent), last: true };
    this.sent = 0;
    return piece;
  }
}
