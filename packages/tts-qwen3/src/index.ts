/**
 * @parley/tts-qwen3: Qwen3-TTS-12Hz on onnxruntime-node, streaming 24 kHz PCM while it
 * generates. `Qwen3Speech` is the engine (a core `TextToSpeech`); the model, tokenizer, prompt,
 * sampling, generation and codec modules are exported for tools and tests that run them in
 * process. The model contract they implement: docs/model.md.
 * @packageDocumentation
 */
export { Qwen3Speech, type Qwen3SpeechOptions } from './qwen3-speech.js';
export { DEFAULT_MAX_QUEUED_SEGMENTS } from './engine-options.js';
export type { EngineInfo } from './worker/start-engine.js';
export { DEFAULT_MAX_FRAMES, maxFramesFor, resolveSynthesisOptions, type Qwen3SynthesisOptions, type ResolvedSynthesisOptions } from './synthesis/options.js';
export { synthesizeText, honoursInstruction, type SynthesisHooks, type SynthesisRuntime, type SynthesisSummary } from './synthesis/synthesize-text.js';

export { loadModel, type CodePredictorGraphs, type LoadModelOptions, type Qwen3Graphs, type Qwen3Model } from './model/load-model.js';
export type { LayoutChoice, ModelLayout } from './model/model-layout.js';
export { parseModelConfig, type CodecSpecialIds, type DeclaredSizes, type ModelConfig, type ModelType, type TextSpecialIds } from './model/model-config.js';
export type { ModelSizes } from './model/model-sizes.js';
export { CUDA_INSTALL_HINT, DEVICES, WEBGPU_INSTALL_HINT, parseDevice, type Device, type OutputLocations, type ParsedDevice } from './model/device.js';
export type { KvPlacement } from './model/cache-placement.js';
export { OnnxGraph } from './model/onnx-graph.js';
export { mergeRunStats, RunMonitor, type GraphRunStats, type RunStats } from './model/run-monitor.js';
export { throwIfCancelled, type CancelSignal } from './model/cancellation.js';

export { bundledTokenizer, loadTokenizer, type TextTokenizer, type TokenizerSource } from './tokenizer/text-tokenizer.js';
export { promptIds, targetPrompt, instructionPrompt, type PromptIds } from './prompt/prompt-ids.js';
export { AUTO_LANGUAGE, resolveVoice, type ResolvedVoice } from './prompt/voice.js';
export { buildPromptLayout, codecPrefix, codecTrack, type LayoutInput, type PromptLayout, type PromptPosition } from './prompt/layout.js';
export { embedPrompt, type PrefillEmbeds } from './prompt/prefill-embeds.js';
export { SPEAKER_VECTOR, type CloneLayout, type CodecTerm, type ReferenceFrameTerm } from './prompt/layout.js';
export { iclBlock, type IclReference } from './prompt/icl-layout.js';
export { referencePrompt, referenceTextIds } from './prompt/prompt-ids.js';
export type { CloneVectors } from './prompt/prefill-embeds.js';

export { CodeSampler, DEFAULT_SAMPLING, MIN_NEW_FRAMES, type FirstCodeParams, type FrameSampler, type SamplingParams } from './sampling/code-sampler.js';
export { Prng, segmentSeed } from './sampling/prng.js';

export { generateFrames, type FrameLoopOptions, type StopReason, type TalkerTrace } from './generation/frame-loop.js';
export { ReturnedKvCache, CapacityKvCache, type FreeTensor, type KvCache } from './generation/kv-cache.js';
export { DeviceKvCache } from './generation/device-kv-cache.js';
export { OnesMask, ScalarInt64 } from './generation/step-tensors.js';

export { DEFAULT_CHUNK_PLAN, MAX_DECODE_FRAMES, nextWindow, type ChunkPlan, type DecodeWindow } from './codec/chunk-plan.js';
export { decodeFrames, type CodecShape } from './codec/codec-decoder.js';
export { StreamingDecoder, type FrameDecoder } from './codec/streaming-decoder.js';

export type { ModelInfo } from './worker/protocol.js';

export { resolveVoiceClone, VOICE_CLONE_MODES, type CloneCapabilities, type ResolvedVoiceClone, type VoiceCloneMode, type VoiceCloneOptions } from './voice-clone/clone-options.js';
export { MAX_REFERENCE_MS, MIN_REFERENCE_MS, readReferenceAudio, type ReferenceSamples } from './voice-clone/reference-audio.js';
export { logMelSpectrogram, melFrameCount, SPEAKER_MEL, type LogMel } from './voice-clone/log-mel.js';
export { hzToMelSlaney, melBandEdgesHz, melToHzSlaney, slaneyMelFilterbank, SparseFilterbank, type MelFilterbankParams } from './voice-clone/mel-filterbank.js';
export { periodicHann, reflectPad, StftMagnitude } from './voice-clone/stft.js';
export { referenceAt24k } from './voice-clone/resample-reference.js';
export { speakerEmbedding } from './voice-clone/speaker-embedding.js';
export { encodeReference, referenceFrameEmbeds, type FrameEmbedGraphs } from './voice-clone/reference-codes.js';
export { prepareReference, ReferenceCache, type PreparedReference, type ReferencePreparer } from './voice-clone/prepared-reference.js';
