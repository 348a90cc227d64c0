import type { Observable } from 'rxjs';
import type { PcmFrame } from '../audio/pcm-frame.js';
import { sentences, type SentencesOptions } from '../text/index.js';
import type { SpeechEvent } from './events.js';
import { speakInTurn, speakSegment } from './speak-segment.js';

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
  return speakInTurn(input, sentences(segmentation), (text, index) =>
    speakSegment(index, () => ({ text, audio: () => synthesizeSegment(text, index) })),
  );
}
