/**
 * @parley/core: what every parley package shares. PCM frames and their framing, resampling
 * and WAV; the `sentences()` operator that cuts an LLM's tokens into speakable segments; the
 * `TextToSpeech` interface, its events and metrics; playing speech into an output while knowing
 * what was heard; the typed errors and retry. Subpaths: `@parley/core/runtime` (a model in a
 * worker thread), `@parley/core/http` (HTTP clients' deadlines and errors), `@parley/core/tokens`
 * (LiveKit access tokens) and `@parley/core/livekit` (rtc-node frames).
 * @packageDocumentation
 */
export * from './errors.js';
export * from './retry.js';

export * from './audio/pcm-frame.js';
export * from './audio/sample-format.js';
export * from './audio/frames.js';
export { StreamingResampler, type ResamplerOptions, type ResamplerQuality } from './audio/resampler.js';
export * from './audio/resample.js';
export * from './audio/wav.js';

export { sentences, splitSentences } from './text/sentences.js';
export { DEFAULT_MAX_CHARS, MIN_MAX_CHARS, type SentencesOptions } from './text/options.js';

export type * from './speech/events.js';
export type * from './speech/text-to-speech.js';
export type { SegmentMetrics, StreamMetrics } from './speech/metrics.js';
export * from './speech/speak-segments.js';
export * from './speech/speak-segment-streams.js';
export * from './speech/with-speech-metrics.js';
export * from './speech/startup-lead.js';
export * from './speech/wrap-speech.js';
export * from './speech/synthesis-gate.js';
export * from './speech/tone-speech.js';

export type * from './playback/audio-output.js';
export * from './playback/clocked-output.js';
export type { FramePumpOptions } from './playback/frame-pump.js';
export * from './playback/heard-words.js';
export * from './playback/speech-timeline.js';
export * from './playback/playback.js';
