import type { ParleyError } from '../errors.js';
import type { PcmFrame } from '../audio/pcm-frame.js';
import type { SegmentMetrics, StreamMetrics } from './metrics.js';

/** The engine began speaking segment `index` (segments are spoken one after another). */
export interface SegmentStartEvent {
  type: 'segment-start';
  index: number;
  /**
   * The speakable text of the segment, as cut by `sentences()` — or, by an engine that starts on
   * a segment while its text is still arriving (`speakSegmentStreams()`), the part of it
   * known at the start; `segment-text` events then bring the rest.
   */
  text: string;
}

/**
 * More of the segment's text became certain while it was being spoken: an engine that starts on
 * a sentence before its stop arrives (`speakSegmentStreams()`) emits it each time a piece
 * joins, the last one once the segment is cut.
 */
export interface SegmentTextEvent {
  type: 'segment-text';
  index: number;
  /** All of the segment's text so far (not only the new piece). */
  text: string;
}

/** A chunk of the segment's audio, in order. */
export interface AudioEvent {
  type: 'audio';
  index: number;
  frame: PcmFrame;
}

/**
 * The segment is over. `samples` counts the samples per channel emitted for it. With `error`
 * set, the segment failed and the stream errors with the same error right after this event.
 */
export interface SegmentEndEvent {
  type: 'segment-end';
  index: number;
  samples: number;
  error?: ParleyError;
}

/** Metrics of one finished segment; emitted after its `segment-end` by {@link withSpeechMetrics}. */
export interface SegmentMetricsEvent {
  type: 'segment-metrics';
  index: number;
  metrics: SegmentMetrics;
}

/** All input was spoken. Always the last event of a stream that completes. */
export interface DoneEvent {
  type: 'done';
  /** How many segments were spoken. */
  segments: number;
  /** Present when the stream went through {@link withSpeechMetrics}. */
  metrics?: StreamMetrics;
}

/**
 * What a {@link TextToSpeech} emits. For each segment: `segment-start`, any number of `audio`
 * (and of `segment-text`, from an engine that starts on a segment before it is complete),
 * `segment-end`; then one `done`.
 */
export type SpeechEvent = SegmentStartEvent | SegmentTextEvent | AudioEvent | SegmentEndEvent | SegmentMetricsEvent | DoneEvent;
