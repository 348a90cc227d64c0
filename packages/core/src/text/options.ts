import { ParleyError } from '../errors.js';

/** Options for {@link sentences}, {@link splitSentences} and {@link SentenceSegmenter}. */
export interface SentencesOptions {
  /**
   * Releases the first clause of a long first sentence early, at a comma, colon, semicolon or
   * dash followed by a space (or at once after CJK `、，：；`), once that segment is longer than
   * this many characters, so speech can start sooner. Applies only to the first segment of a
   * stream. Default: off.
   */
  firstClauseMinChars?: number;
  /**
   * The longest segment ever emitted, in UTF-16 code units. A run-on sentence is split at its
   * last clause break (`, ; : — – ! ? …`) before the limit if that break is in the second half
   * (at `ceil(maxChars / 2)` or later), else at its last space, else hard. (A break in the first
   * half is passed over so that {@link SentenceSegmenter.draft} can run past it.)
   * Default {@link DEFAULT_MAX_CHARS}; at least {@link MIN_MAX_CHARS}.
   */
  maxChars?: number;
}

/** Default for {@link SentencesOptions.maxChars}. */
export const DEFAULT_MAX_CHARS = 250;

/** Smallest accepted {@link SentencesOptions.maxChars}: below it, words would be cut apart. */
export const MIN_MAX_CHARS = 20;

/** {@link SentencesOptions} after validation, with defaults applied. */
export interface ResolvedSentencesOptions {
  readonly firstClauseMinChars: number | undefined;
  readonly maxChars: number;
}

/**
 * Validates options and applies defaults.
 *
 * @throws ParleyError `INVALID_INPUT` when a value is not a non-negative integer, or `maxChars`
 *   is below {@link MIN_MAX_CHARS}.
 */
export function resolveSentencesOptions(options: SentencesOptions = {}): ResolvedSentencesOptions {
  const { firstClauseMinChars, maxChars = DEFAULT_MAX_CHARS } = options;
  if (!Number.isSafeInteger(maxChars) || maxChars < MIN_MAX_CHARS) {
    throw new ParleyError('INVALID_INPUT', `maxChars must be an integer >= ${MIN_MAX_CHARS}, got ${String(maxChars)}`);
  }
  if (firstClauseMinChars !== undefined && (!Number.isSafeInteger(firstClauseMinChars) || firstClauseMinChars < 0)) {
    throw new ParleyError('INVALID_INPUT', `firstClauseMinChars must be a non-negative integer, got ${String(firstClauseMinChars)}`);
  }
  return { firstClauseMinChars, maxChars };
}
