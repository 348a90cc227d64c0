import { catchError, concat, concatMap, defer, EMPTY, map, merge, of, throwError, type Observable, type OperatorFunction } from 'rxjs';
import { toParleyError } from '../errors.js';
import type { PcmFrame } from '../audio/pcm-frame.js';
import type { SegmentTextEvent, SpeechEvent } from './events.js';

/** One segment as {@link speakSegment} speaks it, read when its turn comes. */
interface SegmentSpeech {
  /** The segment's text known at its start. */
  text: string;
  /** Starts the synthesis; a synchronous throw fails the segment like an error of the audio. */
  audio: () => Observable<PcmFrame>;
  /** Events the segment emits while it is spoken, besides its audio. */
  textEvents$?: Observable<SegmentTextEvent>;
}

/**
 * Speaks the segments that `toSegments` cuts from `input` one after another with `speak`, then
 * says `done` with how many were spoken. The frame of {@link speakSegments} and
 * {@link speakSegmentStreams}: a source error passes through, and unsubscribing unsubscribes
 * the source and the segment being spoken.
 */
export function speakInTurn<Segment>(
  input: string | Observable<string>,
  toSegments: OperatorFunction<string, Segment>,
  speak: (segment: Segment, index: number) => Observable<SpeechEvent>,
): Observable<SpeechEvent> {
  return defer(() => {
    let spoken = 0;
    const text$ = typeof input === 'string' ? of(input) : input;
    const segments$ = text$.pipe(
      toSegments,
      concatMap((segment, index) => {
        spoken = index + 1;
        return speak(segment, index);
      }),
    );
    return concat(
      segments$,
      defer(() => of<SpeechEvent>({ type: 'done', segments: spoken })),
    );
  });
}

/**
 * Wraps one segment's audio in its events: `segment-start`, its `audio` (and `textEvents$`, in
 * the order they come), `segment-end` once both are over. A failure ends the segment with
 * `segment-end {error}`, then the stream errors with that ParleyError. `open` runs when the
 * segment's turn comes, so the text it gives is the text known then.
 */
export function speakSegment(index: number, open: () => SegmentSpeech): Observable<SpeechEvent> {
  return defer(() => {
    let samples = 0;
    const { text, audio, textEvents$ = EMPTY } = open();
    const audio$ = defer(audio).pipe(
      map((frame): SpeechEvent => {
        samples += frame.samplesPerChannel;
        return { type: 'audio', index, frame };
      }),
    );
    return concat(
      of<SpeechEvent>({ type: 'segment-start', index, text }),
      // The text events first: a piece is announced before the synthesizer reacts to it.
      merge(textEvents$, audio$),
      defer(() => of<SpeechEvent>({ type: 'segment-end', index, samples })),
    ).pipe(
      catchError((thrown: unknown) => {
        const error = toParleyError(thrown);
        return concat(
          of<SpeechEvent>({ type: 'segment-end', index, samples, error }),
          throwError(() => error),
        );
      }),
    );
  });
}
