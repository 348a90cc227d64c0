import { int16ToFloat32, type PcmFrame } from '@parley/core';
import { filter, map, Observable, type OperatorFunction, type Subscriber } from 'rxjs';
import { VAD_SAMPLE_RATE_HZ, VAD_WINDOW_MS } from './silero/model-file.js';
import { SileroVad } from './silero/silero-vad.js';
import { SpeechRecorder } from './speech-recorder.js';
import { SpeechSegmenter, type SegmentBoundary } from './speech-segmenter.js';
import type { SpeechProbability, VadEvent } from './vad-events.js';
import { resolveVadOptions, type VadOptions } from './vad-options.js';
import { vadWindows } from './vad-windows.js';

/** {@link VadOptions} plus the switch that adds one {@link SpeechProbability} per window. */
export interface VadWithProbabilitiesOptions extends VadOptions {
  probabilities: true;
}

/**
 * Voice activity detection: audio frames of any rate in, `speech-start` / `speech-end` events
 * out, from Silero VAD v4 running in a worker thread. The segment rules and their defaults are
 * in {@link SpeechSegmenter} and {@link VadOptions}; every `speech-end` carries its segment's
 * audio (16 kHz mono) for speech-to-text. Times are audio time, ms since the first frame.
 *
 * With `probabilities: true` each 32 ms window's probability is emitted too (for a level meter),
 * so one model run feeds both the UI and the turn logic.
 *
 * Unsubscribing stops the work: windows still queued in the worker are skipped before their
 * ONNX run. On completion an open segment is closed at the end of the audio.
 *
 * @throws ParleyError INVALID_INPUT at once for bad options.
 *
 * @example
 * ```ts
 * const detector = await SileroVad.load();
 * mic$.pipe(vad({ detector, minSilenceMs: 600 })).subscribe((event) => {
 *   if (event.type === 'speech-end') void stt.transcribe([event.audio], {});
 * });
 * ```
 */
export function vad(options?: VadOptions): OperatorFunction<PcmFrame, VadEvent>;
export function vad(options: VadWithProbabilitiesOptions): OperatorFunction<PcmFrame, VadEvent | SpeechProbability>;
export function vad(options: VadOptions & { probabilities?: boolean } = {}): OperatorFunction<PcmFrame, VadEvent | SpeechProbability> {
  const segmentation = resolveVadOptions(options);
  const withProbabilities = options.probabilities === true;
  return (source) =>
    new Observable<VadEvent | SpeechProbability>((subscriber) => {
      const owned = options.detector ? undefined : SileroVad.start();
      const detector = options.detector ?? owned!;
      const run = new VadRun(new SpeechSegmenter(segmentation), subscriber, withProbabilities);
      const subscription = source
        .pipe(
          vadWindows(),
          map((window) => run.sent(window)),
          detector.probabilities(),
        )
        .subscribe({
          next: (probability) => run.received(probability),
          error: (error: unknown) => subscriber.error(error),
          complete: () => run.complete(),
        });
      return () => {
        subscription.unsubscribe();
        void owned?.dispose();
      };
    });
}

/** Per-window speech probabilities only (see {@link vad}): for a level meter. */
export function speechProbabilities(options: VadOptions = {}): OperatorFunction<PcmFrame, SpeechProbability> {
  return (source) =>
    source.pipe(
      vad({ ...options, probabilities: true }),
      filter((event): event is SpeechProbability => event.type === 'probability'),
    );
}

/** One subscription's state: windows awaiting their probability, the segmenter and the audio. */
class VadRun {
  private readonly inFlight: { startMs: number; samples: Int16Array }[] = [];
  private readonly recorder = new SpeechRecorder(VAD_SAMPLE_RATE_HZ);
  private windowsSent = 0;
  private seenMs = 0;

  constructor(
    private readonly segmenter: SpeechSegmenter,
    private readonly subscriber: Subscriber<VadEvent | SpeechProbability>,
    private readonly withProbabilities: boolean,
  ) {}

  /** Notes a window going to the model; returns its float samples (transferred, so a copy). */
  sent(window: PcmFrame): Float32Array {
    this.inFlight.push({ startMs: this.windowsSent++ * VAD_WINDOW_MS, samples: window.data });
    return int16ToFloat32(window.data);
  }

  /** The next window's probability came back (the worker answers in order). */
  received(probability: number): void {
    const { startMs, samples } = this.inFlight.shift()!;
    const endMs = startMs + VAD_WINDOW_MS;
    this.seenMs = endMs;
    this.recorder.push(samples, startMs);
    this.emit(this.segmenter.push(probability, startMs, endMs));
    if (this.withProbabilities) {
      this.subscriber.next({ type: 'probability', atMs: endMs, probability, speaking: this.segmenter.speaking });
    }
    this.recorder.trim(this.segmenter.keepFromMs);
  }

  complete(): void {
    this.emit(this.segmenter.finish(this.seenMs));
    this.subscriber.complete();
  }

  private emit(boundaries: readonly SegmentBoundary[]): void {
    for (const boundary of boundaries) {
      if (boundary.type === 'start') {
        this.subscriber.next({ type: 'speech-start', atMs: boundary.atMs, detectedAtMs: boundary.detectedAtMs });
      } else {
        const { startMs, atMs } = boundary;
        const audio = this.recorder.take(startMs, atMs);
        this.subscriber.next({ type: 'speech-end', atMs, durationMs: atMs - startMs, audio });
      }
    }
  }
}
