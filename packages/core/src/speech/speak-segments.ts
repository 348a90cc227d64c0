import { concat, concatMap, defer, map, of, throwError, catchError, type Observable } from 'rxjs';
import { toParleyError } from '../errors.js';
import type { PcmFrame } from '../audio/pcm-frame.js';
import { sentences, type SentencesOptions } from '../text/index.js';
import type { SpeechEvent } from './events.js';

/** Speaks one segment: a cold Observable of its audio that stops its work when unsubscribed. */
export type SegmentSynthesizer = (text: string, index: number) => Observable<PcmFrame>;

/**
 * The part every {@link TextToSpeech} shares: cuts `input` into segments with `sentences()`,
 * speaks them one after another with `synthesizeSegment`, and wraps the audio in
 * {@link SpeechEvent}s. An engine then only writes how one segment becomes audio.
 *
 * A segment that fails ends with `segment-end {error}` and the stream errors with that
 * ParleyError; segments released meanwhile are not spoken. Unsubscribing unsubscribes the
 * segment being spoken, which must stop its work.
 *
 * @example
 * ```ts
 * synthesize(input, options) {
 *   return speakSegments(input, (text) => this.engine.speak(text, options));
 * }
 * ```
 */
export function speakSegments(
  input: string | Observable<string>,
  synthesizeSegment: SegmentSynthesizer,
  segmentation?: SentencesOptions,
): Observable<SpeechEvent> {
  return defer(() => {
    let spoken = 0;
    const text$ = typeof input === 'string' ? of(input) : input;
    const segments$ = text$.pipe(
      sentences(segmentation),
      concatMap((text, index) => {
        spoken = index + 1;
        return speakSegment(text, index, synthesizeSegment);
      }),
    );
    return concat(segments$, defer(() => of<SpeechEvent>({ type: 'done', segments: spoken })));
  });
}

function speakSegment(text: string, index: number, synthesize: SegmentSynthesizer): Observable<SpeechEvent> {
  return defer(() => {
    let samples = 0;
    const audio$ = synthesize(text, index).pipe(
      map((frame): SpeechEvent => {
        samples += frame.samplesPerChannel;
        return { type: 'audio', index, frame };
      }),
    );
    return concat(
      of<SpeechEvent>({ type: 'segment-start', index, text }),
      audio$,
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
