/**
 * Text to speakable segments: the `sentences()` operator and its parts.
 * @module
 */
export { sentences, splitSentences } from './sentences.js';
export { SentenceSegmenter } from './segmenter.js';
export { cleanForSpeech } from './speakable.js';
export { type SentencesOptions } from './options.js';
