import { Observable, of, tap, type Subscriber } from 'rxjs';
import { toParleyError } from '../errors.js';
import type { SpeechEvent } from './events.js';
import { SpeechMetricsRecorder, type SegmentMetrics, type StreamMetrics } from './metrics.js';
import type { SynthesisOptions, TextToSpeech } from './text-to-speech.js';
import { wrapSpeech } from './wrap-speech.js';

/** Where {@link withSpeechMetrics} reports, besides the event stream. */
export interface SpeechMetricsHooks {
  /** Each finished segment, including one cut short by a cancel. */
  onSegment?: (metrics: SegmentMetrics) => void;
  /** Once per stream: on `done`, on error, and on cancel (when no event can carry it). */
  onStream?: (metrics: StreamMetrics) => void;
  /** A monotonic clock in ms; defaults to `performance.now`. */
  now?: () => number;
}

/**
 * Measures any {@link TextToSpeech}: the returned engine emits the same events plus a
 * `segment-metrics` event after each `segment-end`, and `done` carries the stream's metrics.
 * A cancelled stream (unsubscribed) reports its metrics, marked `cancelled`, to `onStream`.
 * `voices` and `close()` are the engine's.
 *
 * @example
 * ```ts
 * const tts = withSpeechMetrics(engine, { onStream: (m) => log.info(m, 'speech') });
 * ```
 */
export function withSpeechMetrics<Options extends SynthesisOptions>(
  tts: TextToSpeech<Options>,
  hooks: SpeechMetricsHooks = {},
): TextToSpeech<Options> {
  return wrapSpeech(tts, (input, options) => measure(tts, input, options, hooks));
}

function measure<Options extends SynthesisOptions>(
  tts: TextToSpeech<Options>,
  input: string | Observable<string>,
  options: Options | undefined,
  hooks: SpeechMetricsHooks,
): Observable<SpeechEvent> {
  return new Observable<SpeechEvent>((subscriber) => {
    const recorder = new SpeechMetricsRecorder(hooks.now);
    let ended = false;
    const report = (metrics: StreamMetrics): StreamMetrics => {
      ended = true;
      hooks.onStream?.(metrics);
      return metrics;
    };
    const input$ = (typeof input === 'string' ? of(input) : input).pipe(tap((text) => recorder.input(text)));
    const subscription = tts.synthesize(input$, options).subscribe({
      next: (event) => forward(event, subscriber, recorder, hooks, report),
      error: (error: unknown) => {
        report(recorder.summary({ error: toParleyError(error).code }));
        subscriber.error(error);
      },
      complete: () => subscriber.complete(),
    });
    return () => {
      subscription.unsubscribe();
      if (ended) return;
      const cut = recorder.interrupt();
      if (cut) hooks.onSegment?.(cut);
      report(recorder.summary({ cancelled: true }));
    };
  });
}

/** Passes `event` on, with the metrics it completes: a segment's after its last event, the stream's on `done`. */
function forward(
  event: SpeechEvent,
  subscriber: Subscriber<SpeechEvent>,
  recorder: SpeechMetricsRecorder,
  hooks: SpeechMetricsHooks,
  report: (metrics: StreamMetrics) => StreamMetrics,
): void {
  if (event.type === 'done') {
    subscriber.next({ ...event, metrics: report(recorder.summary()) });
    return;
  }
  const segment = recorder.observe(event);
  subscriber.next(event);
  if (segment) {
    hooks.onSegment?.(segment);
    subscriber.next({ type: 'segment-metrics', index: segment.index, metrics: segment });
  }
}
