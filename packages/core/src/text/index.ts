/**
 * Text to speakable segments: the `sentences()` operator and its parts.
 * @module
 */
export { sentences, splitSentences } from './sentences.js';
export { SentenceSegmenter } from './segmenter.js';
export { SpeakableCleaner, cleanForSpeech } from './speakable.js';
export { BoundaryFinder } from './boundary-finder.js';
export {
  DEFAULT_MAX_CHARS,
  MIN_MAX_CHARS,
  resolveSentencesOptions,
  type ResolvedSentencesOptions,
  type SentencesOptions,
} from './options.js';
export { abbreviationClass, type AbbreviationClass } from './abbreviations.js';
