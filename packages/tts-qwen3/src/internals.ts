/**
 * `@parley/tts-qwen3/internals`: the engine's parts, for the benchmarks, tools and tests that run
 * them in process (no worker): model loading, the tokenizer, the prompt, sampling, the frame loop,
 * the codec decoder and voice cloning's audio front end; the model contract they implement is
 * docs/model.md. Everything the root exports is here too.
 * Not a stable API: names and signatures follow the engine's insides and may change in any
 * release.
 * @packageDocumentation
 */
export * from './index.js';

export { resolveSynthesisOptions, type ResolvedSynthesisOptions } from './synthesis/options.js';
export {
  synthesizeText,
  honoursInstruction,
  type SynthesisHooks,
  type SynthesisRuntime,
  type SynthesisSummary,
} from './synthesis/synthesize-text.js';

export { loadModel, type CodePredictorGraphs, type LoadModelOptions, type Qwen3Graphs, type Qwen3Model } from './model/load-model.js';
export { parseModelConfig, type CodecSpecialIds, type DeclaredSizes, type TextSpecialIds } from './model/model-config.js';
export { CUDA_INSTALL_HINT, WEBGPU_INSTALL_HINT, cudaProviderLibrary, type OutputLocations } from './model/device.js';
export { OnnxGraph } from './model/onnx-graph.js';
export { mergeRunStats, RunMonitor } from './model/run-monitor.js';
export { throwIfCancelled, type CancelSignal } from './model/cancellation.js';

export { bundledTokenizer, loadTokenizer, type TextTokenizer } from './tokenizer/text-tokenizer.js';
export { promptIds, targetPrompt, instructionPrompt, type PromptIds } from './prompt/prompt-ids.js';
export { AUTO_LANGUAGE, resolveVoice, type ResolvedVoice } from './prompt/voice.js';
export { buildPromptLayout, codecPrefix, codecTrack, type LayoutInput, type PromptLayout, type PromptPosition } from './prompt/layout.js';
export { embedPrompt, type PrefillEmbeds } from './prompt/prefill-embeds.js';
export { SPEAKER_VECTOR, type CloneLayout, type CodecTerm, type ReferenceFrameTerm } from './prompt/layout.js';
export { iclBlock, type IclReference } from './prompt/icl-layout.js';
export { referencePrompt, referenceTextIds } from './prompt/prompt-ids.js';
export type { CloneVectors } from './prompt/prefill-embeds.js';

export { CodeSampler, DEFAULT_SAMPLING, MIN_NEW_FRAMES, type FirstCodeParams, type FrameSampler } from './sampling/code-sampler.js';
export { Prng, segmentSeed } from './sampling/prng.js';

export { generateFrames, type FrameLoopOptions, type StopReason, type TalkerTrace } from './generation/frame-loop.js';
export { ReturnedKvCache, CapacityKvCache, type FreeTensor, type KvCache } from './generation/kv-cache.js';
export { DeviceKvCache } from './generation/device-kv-cache.js';
export { OnesMask, ScalarInt64 } from './generation/step-tensors.js';

export { DEFAULT_CHUNK_PLAN, MAX_DECODE_FRAMES, nextWindow, type ChunkPlan, type DecodeWindow } from './codec/chunk-plan.js';
export { decodeFrames, type CodecShape } from './codec/codec-decoder.js';
export { StreamingDecoder, type FrameDecoder } from './codec/streaming-decoder.js';

export { resolveVoiceClone, type CloneCapabilities, type ResolvedVoiceClone } from './voice-clone/clone-options.js';
export { MAX_REFERENCE_MS, MIN_REFERENCE_MS, readReferenceAudio, type ReferenceSamples } from './voice-clone/reference-audio.js';
export { logMelSpectrogram, melFrameCount, SPEAKER_MEL, type LogMel } from './voice-clone/log-mel.js';
export {
  hzToMelSlaney,
  melBandEdgesHz,
  melToHzSlaney,
  slaneyMelFilterbank,
  SparseFilterbank,
  type MelFilterbankParams,
} from './voice-clone/mel-filterbank.js';
export { periodicHann, reflectPad, StftMagnitude } from './voice-clone/stft.js';
export { referenceAt24k } from './voice-clone/resample-reference.js';
export { speakerEmbedding } from './voice-clone/speaker-embedding.js';
export { encodeReference, referenceFrameEmbeds, type FrameEmbedGraphs } from './voice-clone/reference-codes.js';
export { prepareReference, ReferenceCache, type PreparedReference, type ReferencePreparer } from './voice-clone/prepared-reference.js';
