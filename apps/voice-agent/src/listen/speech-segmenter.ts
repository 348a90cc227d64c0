import type { ResolvedSegmentation } from './vad-options.js';

/** A segment boundary found by {@link SpeechSegmenter}; times in ms of audio. */
export type SegmentBoundary = { type: 'start'; atMs: number; detectedAtMs: number } | { type: 'end'; startMs: number; atMs: number };

type State = 'silence' | 'pending' | 'speech';

/**
 * Turns per-window speech probabilities into speech segments, online. The rules are Silero's
 * `get_speech_timestamps` made incremental:
 *
 * - a window at or above `threshold` opens a candidate segment at its start;
 * - once in a segment, a window below `negativeThreshold` marks where silence may begin, and a
 *   window at or above `threshold` cancels the mark (in between, nothing changes: hysteresis);
 * - `minSilenceMs` after the mark, with no speech since, the segment ends at the mark;
 * - a candidate is confirmed (`start`) when its speech spans `minSpeechMs`; one that ends first
 *   is dropped without a word.
 *
 * Starts are moved `speechPadMs` earlier (not before 0) and ends `speechPadMs` later (not past
 * the audio seen). Pure: no clock, no I/O, so it is tested window by window.
 */
export class SpeechSegmenter {
  private state: State = 'silence';
  private startMs = 0;
  private lastSpeechEndMs = 0;
  private silenceStartMs: number | undefined;
  private seenMs = 0;

  constructor(private readonly options: ResolvedSegmentation) {}

  /** Whether a confirmed segment is open. */
  get speaking(): boolean {
    return this.state === 'speech';
  }

  /** The earliest audio time a future boundary can reach back to: older audio may be dropped. */
  get keepFromMs(): number {
    const from = this.state === 'silence' ? this.seenMs : this.startMs;
    return Math.max(0, from - this.options.speechPadMs);
  }

  /** Takes the window [startMs, endMs) and its probability; returns the boundaries it completes. */
  push(probability: number, startMs: number, endMs: number): SegmentBoundary[] {
    this.seenMs = endMs;
    const { threshold, negativeThreshold } = this.options;
    if (this.state === 'silence') {
      if (probability < threshold) return [];
      this.state = 'pending';
      this.startMs = startMs;
    }
    if (probability >= threshold || (probability >= negativeThreshold && this.silenceStartMs === undefined)) {
      this.silenceStartMs = undefined;
      this.lastSpeechEndMs = endMs;
    } else if (probability < negativeThreshold) {
      this.silenceStartMs ??= startMs;
    }
    return this.boundaries(endMs);
  }

  /** Ends the input at `endMs`: closes an open segment there. */
  finish(endMs: number): SegmentBoundary[] {
    this.seenMs = Math.max(this.seenMs, endMs);
    if (this.state !== 'speech') {
      this.reset();
      return [];
    }
    return [this.close(this.silenceStartMs ?? this.seenMs)];
  }

  private boundaries(nowMs: number): SegmentBoundary[] {
    const found: SegmentBoundary[] = [];
    if (this.state === 'pending' && this.lastSpeechEndMs - this.startMs >= this.options.minSpeechMs) {
      this.state = 'speech';
      found.push({ type: 'start', atMs: this.paddedStart(), detectedAtMs: nowMs });
    }
    if (this.silenceStartMs !== undefined && nowMs - this.silenceStartMs >= this.options.minSilenceMs) {
      if (this.state === 'speech') found.push(this.close(this.silenceStartMs));
      else this.reset(); // a blip shorter than minSpeechMs
    }
    return found;
  }

  private close(silenceStartMs: number): SegmentBoundary {
    const boundary: SegmentBoundary = {
      type: 'end',
      startMs: this.paddedStart(),
      atMs: Math.min(silenceStartMs + this.options.speechPadMs, this.seenMs),
    };
    this.reset();
    return boundary;
  }

  private paddedStart(): number {
    return Math.max(0, this.startMs - this.options.speechPadMs);
  }

  private reset(): void {
    this.state = 'silence';
    this.silenceStartMs = undefined;
  }
}
