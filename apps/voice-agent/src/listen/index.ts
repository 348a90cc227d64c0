/**
 * Listening: voice activity detection (Silero VAD v4 in a worker thread) and turn-taking.
 * @packageDocumentation
 */
export * from './silero/model-file.js';
export * from './silero/silero-vad.js';
export * from './speech-segmenter.js';
export * from './turns.js';
export type * from './vad-events.js';
export * from './vad-options.js';
export * from './vad-windows.js';
export * from './vad.js';
