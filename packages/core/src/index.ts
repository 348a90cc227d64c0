/**
 * @parley/core: what every parley package shares. PCM frames and their framing, resampling
 * and WAV; the `sentences()` operator that cuts an LLM's tokens into speakable segments; the
 * `TextToSpeech` interface, its events and metrics; playing speech into an output while knowing
 * what was heard; the typed errors; and the runtime that runs a model in a worker thread.
 * @packageDocumentation
 */
export * from './errors.js';
export * from './http/http-errors.js';
export * from './http/deadline.js';
export * from './retry.js';

export * from './audio/pcm-frame.js';
export * from './audio/sample-format.js';
export * from './audio/frames.js';
export { StreamingResampler, type ResamplerOptions, type ResamplerQuality } from './audio/resampler.js';
export * from './audio/resample.js';
export * from './audio/wav.js';

export * from './text/index.js';

export type * from './speech/events.js';
export type * from './speech/text-to-speech.js';
export * from './speech/metrics.js';
export * from './speech/speak-segments.js';
export * from './speech/with-speech-metrics.js';
export * from './speech/wrap-speech.js';
export * from './speech/synthesis-gate.js';
export * from './speech/tone-speech.js';

export type * from './playback/audio-output.js';
export * from './playback/clocked-output.js';
export type { FramePumpOptions } from './playback/frame-pump.js';
export * from './playback/heard-words.js';
export * from './playback/speech-timeline.js';
export * from './playback/playback.js';

export * from './runtime/spawn-module-worker.js';
export * from './runtime/cancel-cell.js';
export * from './runtime/model-protocol.js';
export * from './runtime/model-host.js';
export * from './runtime/model-worker.js';
