import { filter, map, scan, type Observable } from 'rxjs';
import type { PcmFrame } from '../audio/pcm-frame.js';
import type { SentencesOptions } from '../text/options.js';
import { segmentPieces } from '../text/segment-pieces.js';
import type { SegmentTextEvent, SpeechEvent } from './events.js';
import { growingSegments, type GrowingSegment } from './growing-segment.js';
import { speakInTurn, speakSegment } from './speak-segment.js';

/**
 * Speaks one segment from its text as it arrives: `text$` emits the segment's text in pieces as
 * each becomes certain, and completes when the segment is cut; the pieces join to exactly the
 * segment `sentences()` gives. A piece that ends in a letter or digit ends a word: its segment
 * goes on with a space or not at all (a tokenizer may take that word at once). A cold Observable
 * of the audio that stops its work when unsubscribed.
 */
export type SegmentStreamSynthesizer = (text$: Observable<string>, index: number) => Observable<PcmFrame>;

/**
 * {@link speakSegments} for an engine that can take a segment's text while it is still
 * arriving: a sentence starts to be spoken from its first certain words (see
 * `SentenceSegmenter.draft()`), not when its stop comes.
 *
 * Segments are spoken one after another. A segment's synthesis starts once the previous one's
 * audio has ended and its first piece of text is there; pieces that came meanwhile are replayed
 * to it. `segment-start` carries the text known then, and a `segment-text` event each later
 * piece, with all the text so far — the last one the whole segment. `segment-end` comes once
 * the audio has ended and the text is cut, so no `segment-text` follows it. Errors and cancellation are
 * those of {@link speakSegments}: a failing segment ends with `segment-end {error}` and the
 * stream errors; unsubscribing unsubscribes the segment being spoken and the source.
 *
 * @example
 * ```ts
 * synthesize(input, options) {
 *   return speakSegmentStreams(input, (text$) => this.engine.speakWhileArriving(text$, options));
 * }
 * // tokens 'Hello there my' ' friend.': the engine's text$ gets 'Hello there', ' my friend.'
 * ```
 */
export function speakSegmentStreams(
  input: string | Observable<string>,
  synthesizeSegment: SegmentStreamSynthesizer,
  segmentation?: SentencesOptions,
): Observable<SpeechEvent> {
  const pieces = segmentPieces(segmentation);
  return speakInTurn(
    input,
    (text$) => text$.pipe(pieces, growingSegments()),
    (segment) => speakGrowing(segment, synthesizeSegment),
  );
}

function speakGrowing(segment: GrowingSegment, synthesize: SegmentStreamSynthesizer): Observable<SpeechEvent> {
  const { index } = segment;
  return speakSegment(index, () => {
    const known = segment.text;
    return { text: known, audio: () => synthesize(segment.pieces$, index), textEvents$: grown(segment, known.length) };
  });
}

/** A `segment-text` event for each piece that joins the segment after its first `startLength` characters. */
function grown(segment: GrowingSegment, startLength: number): Observable<SegmentTextEvent> {
  return segment.pieces$.pipe(
    scan((text, piece) => text + piece, ''),
    filter((text) => text.length > startLength),
    map((text): SegmentTextEvent => ({ type: 'segment-text', index: segment.index, text })),
  );
}
