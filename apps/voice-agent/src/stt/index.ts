/**
 * Speech to text: the interface, an OpenAI-compatible client, and the no-recognizer default.
 * @packageDocumentation
 */
export * from './from-env.js';
export * from './no-speech-to-text.js';
export * from './openai-transcriber.js';
export type * from './speech-to-text.js';
