/**
 * @parley/tts-qwen3: Qwen3-TTS-12Hz on onnxruntime-node, streaming 24 kHz PCM while it
 * generates. `Qwen3Speech` is the engine (a core `TextToSpeech`, whose errors are core's
 * `ParleyError`s); the rest is its options and what it reports. The LiveKit Agents plugin is
 * `@parley/tts-qwen3/livekit`; the engine's parts, for tools that run them in process, are
 * `@parley/tts-qwen3/internals`.
 * @packageDocumentation
 */
export { Qwen3Speech, type Qwen3SpeechOptions } from './qwen3-speech.js';
export { DEFAULT_MAX_QUEUED_SEGMENTS } from './engine-options.js';
export { DEFAULT_LEAD_TOKENS, DEFAULT_MAX_FRAMES, maxFramesFor, type Qwen3SynthesisOptions, type TextMode } from './synthesis/options.js';
export { speechRequestOptions, type SpeechRequestFields } from './synthesis/request-options.js';
export type { SamplingParams } from './sampling/code-sampler.js';
export { VOICE_CLONE_MODES, type VoiceCloneMode, type VoiceCloneOptions } from './voice-clone/clone-options.js';
export { DEVICES, parseDevice, type Device, type ParsedDevice } from './model/device.js';
export type { LayoutChoice, ModelLayout } from './model/model-layout.js';

export type { EngineInfo } from './worker/start-engine.js';
export type { ModelInfo } from './worker/protocol.js';
export type { ModelConfig, ModelType } from './model/model-config.js';
export type { ModelSizes } from './model/model-sizes.js';
export type { TokenizerSource } from './tokenizer/text-tokenizer.js';
export type { KvPlacement } from './model/cache-placement.js';
export type { GraphRunStats, RunStats } from './model/run-monitor.js';
