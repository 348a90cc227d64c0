import { ParleyError } from '@parley/core';
import type { SileroVad } from './silero/silero-vad.js';

/** How speech is told from silence; see {@link resolveVadOptions} for the defaults. */
export interface SegmentationOptions {
  /** A window whose speech probability reaches this is speech. Default 0.5 (Silero's own). */
  threshold?: number;
  /**
   * Once speaking, a window is silence only below this, so a probability wavering around
   * `threshold` does not chop a word in two. Default `threshold - 0.15` (Silero's own).
   */
  negativeThreshold?: number;
  /** Speech shorter than this is dropped as a click or a cough. Default 250 ms. */
  minSpeechMs?: number;
  /** Silence that ends a segment: pauses between words are shorter. Default 500 ms (end of turn). */
  minSilenceMs?: number;
  /** Audio kept before a segment's first and after its last speech window. Default 30 ms (Silero's). */
  speechPadMs?: number;
}

/** Options of `vad()` and `speechProbabilities()`. */
export interface VadOptions extends SegmentationOptions {
  /**
   * The detector to run on: share one across streams. When absent, each subscription starts a
   * worker of its own and ends it on unsubscribe (about a second to start).
   */
  detector?: SileroVad;
}

/** {@link SegmentationOptions} with every default filled in. */
export type ResolvedSegmentation = Required<SegmentationOptions>;

/** Silero's recommended hysteresis gap between the start and end thresholds. */
const HYSTERESIS = 0.15;

/**
 * Fills in the defaults and checks the values.
 * @throws ParleyError INVALID_INPUT for a threshold outside [0, 1], a negative threshold above
 *   the threshold, or a negative duration.
 */
export function resolveVadOptions(options: SegmentationOptions = {}): ResolvedSegmentation {
  const threshold = options.threshold ?? 0.5;
  const resolved = {
    threshold,
    negativeThreshold: options.negativeThreshold ?? Math.max(0, threshold - HYSTERESIS),
    minSpeechMs: options.minSpeechMs ?? 250,
    minSilenceMs: options.minSilenceMs ?? 500,
    speechPadMs: options.speechPadMs ?? 30,
  };
  if (!(threshold >= 0 && threshold <= 1)) invalid(`threshold must be in [0, 1], got ${threshold}`);
  const { negativeThreshold } = resolved;
  if (!(negativeThreshold >= 0 && negativeThreshold <= threshold)) {
    invalid(`negativeThreshold must be in [0, threshold], got ${negativeThreshold}`);
  }
  for (const key of ['minSpeechMs', 'minSilenceMs', 'speechPadMs'] as const) {
    if (!(resolved[key] >= 0 && Number.isFinite(resolved[key]))) invalid(`${key} must be a duration ≥ 0, got ${resolved[key]}`);
  }
  return resolved;
}

function invalid(message: string): never {
  throw new ParleyError('INVALID_INPUT', `vad: ${message}`);
}
