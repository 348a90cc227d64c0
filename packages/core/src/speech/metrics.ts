import type { ErrorCode } from '../errors.js';
import type { SpeechEvent } from './events.js';

/** What one segment cost. Times in milliseconds. */
export interface SegmentMetrics {
  index: number;
  /** Characters of the segment's text. */
  characters: number;
  /** Time to first audio from the segment's release to the engine (`segment-start`). */
  ttfaMs: number | undefined;
  /** From `segment-start` to `segment-end`. */
  synthesisMs: number;
  /** Duration of the audio produced. */
  audioMs: number;
  /** Real-time factor, synthesisMs / audioMs: below 1 is faster than real time. */
  rtf: number | undefined;
  /** The listener left before the segment ended. */
  cancelled: boolean;
  /** The segment failed with this code. */
  error?: ErrorCode;
}

/** What a whole synthesis stream cost. Times in milliseconds. */
export interface StreamMetrics {
  segments: number;
  characters: number;
  /** Time to first audio from the first non-empty input text (e.g. the LLM's first token). */
  ttfaFromInputMs: number | undefined;
  /** Time to first audio from the release of the first segment. */
  ttfaFromReleaseMs: number | undefined;
  /** Sum of the segments' synthesis times (waiting for text is not counted). */
  synthesisMs: number;
  audioMs: number;
  /** synthesisMs / audioMs. */
  rtf: number | undefined;
  /** From subscription to the end of the stream. */
  wallMs: number;
  /** The listener unsubscribed before `done`. */
  cancelled: boolean;
  error?: ErrorCode;
}

interface OpenSegment {
  index: number;
  characters: number;
  startedAt: number;
  firstAudioAt: number | undefined;
  audioMs: number;
}

/**
 * Turns a stream of {@link SpeechEvent}s and input text into {@link SegmentMetrics} and
 * {@link StreamMetrics}. Feed it with `input()` and `observe()`; read `summary()` any time.
 */
export class SpeechMetricsRecorder {
  private readonly subscribedAt: number;
  private firstInputAt: number | undefined;
  private firstReleaseAt: number | undefined;
  private firstAudioAt: number | undefined;
  private open: OpenSegment | undefined;
  private readonly finished: SegmentMetrics[] = [];

  /** @param now a monotonic clock in ms (injectable for tests). */
  constructor(private readonly now: () => number = () => performance.now()) {
    this.subscribedAt = now();
  }

  /** Records input text as it arrives (the first non-blank piece starts the TTFA clock). */
  input(text: string): void {
    if (this.firstInputAt === undefined && text.trim() !== '') this.firstInputAt = this.now();
  }

  /** Records one event; returns the segment's metrics when the event ends a segment. */
  observe(event: SpeechEvent): SegmentMetrics | undefined {
    const at = this.now();
    switch (event.type) {
      case 'segment-start':
        this.firstReleaseAt ??= at;
        this.open = { index: event.index, characters: event.text.length, startedAt: at, firstAudioAt: undefined, audioMs: 0 };
        return undefined;
      case 'segment-text':
        // The segment's text grew while it was spoken: it counts whole.
        if (this.open?.index === event.index) this.open.characters = event.text.length;
        return undefined;
      case 'audio':
        this.firstAudioAt ??= at;
        if (this.open) {
          this.open.firstAudioAt ??= at;
          this.open.audioMs += (event.frame.samplesPerChannel * 1000) / event.frame.sampleRate;
        }
        return undefined;
      case 'segment-end':
        return this.close(at, false, event.error?.code);
      default:
        return undefined;
    }
  }

  /** Closes the segment being spoken as cancelled, if any, and returns its metrics. */
  interrupt(): SegmentMetrics | undefined {
    return this.close(this.now(), true, undefined);
  }

  /** Metrics of the whole stream so far (finished segments only). */
  summary(outcome: { cancelled?: boolean; error?: ErrorCode } = {}): StreamMetrics {
    const at = this.now();
    const synthesisMs = sum(this.finished.map((s) => s.synthesisMs));
    const audioMs = sum(this.finished.map((s) => s.audioMs));
    return {
      segments: this.finished.length,
      characters: sum(this.finished.map((s) => s.characters)),
      ttfaFromInputMs: since(this.firstInputAt, this.firstAudioAt),
      ttfaFromReleaseMs: since(this.firstReleaseAt, this.firstAudioAt),
      synthesisMs,
      audioMs,
      rtf: audioMs > 0 ? synthesisMs / audioMs : undefined,
      wallMs: at - this.subscribedAt,
      cancelled: outcome.cancelled ?? false,
      ...(outcome.error ? { error: outcome.error } : {}),
    };
  }

  private close(at: number, cancelled: boolean, error: ErrorCode | undefined): SegmentMetrics | undefined {
    const segment = this.open;
    if (!segment) return undefined;
    this.open = undefined;
    const synthesisMs = at - segment.startedAt;
    const metrics: SegmentMetrics = {
      index: segment.index,
      characters: segment.characters,
      ttfaMs: since(segment.startedAt, segment.firstAudioAt),
      synthesisMs,
      audioMs: segment.audioMs,
      rtf: segment.audioMs > 0 ? synthesisMs / segment.audioMs : undefined,
      cancelled,
      ...(error ? { error } : {}),
    };
    this.finished.push(metrics);
    return metrics;
  }
}

function since(from: number | undefined, to: number | undefined): number | undefined {
  return from === undefined || to === undefined ? undefined : to - from;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
