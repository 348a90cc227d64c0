/**
 * @parley/models: a deterministic random-weight stand-in for Qwen3-TTS in the community ONNX
 * layout and parley's (docs/model.md#stand-in-model), the small ONNX graph builder that makes it, and the
 * downloader for the real models (`fetchModel`, `manifest.json`), and the converter of official
 * safetensors checkpoints into the parley layout (`convertCheckpoint`).
 */
export * from './contract.js';
export { GraphBuilder, type Dim, type GraphBuilderOptions, type Initializer, type InitializerEncoder } from './onnx/graph-builder.js';
export { FloatAttr, type AttrValue, type Attrs } from './onnx/attributes.js';
export type { DType, TypedData } from './onnx/dtype.js';
export { writeModel, EXTERNAL_DATA_AUTO_BYTES, type ExternalDataMode, type WriteModelOptions, type WrittenModel } from './onnx/model-writer.js';
export type { WeightInit, WeightSpec, WeightSource } from './weights/weight-source.js';
export { RandomWeights } from './weights/random-weights.js';
export { OFFICIAL, STANDIN } from './weights/official-names.js';
export { SafetensorsWeights, checkpointFiles } from './weights/safetensors-weights.js';
export { readSafetensorsHeader, type SafetensorsDType, type SafetensorsEntry, type SafetensorsHeader } from './weights/safetensors-format.js';
export { writeSafetensors, type TensorToWrite, type WriteSafetensorsOptions } from './weights/safetensors-writer.js';
export { buildGraph } from './graphs/build-graph.js';
export type { TalkerGraphOptions } from './graphs/talker.js';
export { DEFAULT_STANDIN_SIZES, REAL_0_6B_SIZES, STANDIN_CODEC_DECODER_SIZES, validateSizes, type StandinSizes } from './standin/sizes.js';
export { DEFAULT_STANDIN_SEED, resolveStandinOptions, type ResolvedStandinOptions, type StandinLayout, type StandinModelType, type StandinOptions } from './standin/options.js';
export { standinConfigJson } from './standin/config-json.js';
export { MANIFEST_FILE, STANDIN_GENERATOR_VERSION, isFresh, readManifest, standinHash, type StandinManifest } from './standin/manifest.js';
export { generateStandinModel, type GenerateOptions } from './standin/generate.js';
export { generateStandinCheckpoint, type StandinCheckpoint, type StandinCheckpointOptions } from './standin/checkpoint.js';
export { REFERENCE_CHECKPOINTS, REFERENCE_SEED, writeReferenceCheckpoint, type ReferenceCheckpointName } from './standin/reference-checkpoints.js';
export { buildCodecDecoder } from './graphs/codec/codec-decoder.js';
export { REAL_CODEC_DECODER_SIZES, codecDecoderSizesFromConfig, samplesPerFrame, type CodecDecoderSizes } from './graphs/codec/codec-sizes.js';
export { StreamingState } from './graphs/codec/codec-stream.js';
export { codecDecoderWeightSpecs, generateSpeechTokenizerCheckpoint } from './graphs/codec/speech-tokenizer-checkpoint.js';
export { TTS_ADDED_TOKENS, writeTokenizerFiles } from './standin/tokenizer-files.js';
export { sizesFromConfigJson, type SizesFromConfigOptions } from './standin/sizes-from-config.js';
export { CONVERT_PRECISIONS, convertCheckpoint, type ConvertOptions, type ConvertProgress, type ConvertedModel } from './convert/convert-checkpoint.js';
export { buildParleyGraph } from './graphs/parley/build-parley-graph.js';
export { blockDequantize, blockQuantize, type BlockQuantized, type QuantBits } from './quantize/block-quantize.js';
export { DEFAULT_CACHE_ROOT, ensureStandinModel } from './standin/ensure.js';
export { DEFAULT_MANIFEST_PATH, findModel, loadModelManifest, resolveFiles, validateManifest, type ManifestFile, type ModelEntry, type ModelManifest, type ResolvedFile } from './fetch/manifest.js';
export { DEFAULT_HF_ENDPOINT, fileUrl, resolveEndpoint } from './fetch/endpoint.js';
export { LOCK_FILE, readLock, type LockedFile, type ModelLock } from './fetch/lock-file.js';
export { defaultModelDir, defaultModelsRoot } from './fetch/model-dir.js';
export { DEFAULT_STALL_TIMEOUT_MS, downloadFile, type DownloadFileOptions, type DownloadedFile, type FileProgress } from './fetch/download-file.js';
export type { RetryOptions } from '@parley/core';
export type { FreeBytes } from './fetch/disk-space.js';
export type { FetchProgress } from './fetch/fetch-progress.js';
export { fetchModel, type FetchModelOptions, type FetchedFile, type FetchedModel } from './fetch/fetch-model.js';
export { inspectModel, type FileState, type LocalFile, type ModelStatus } from './fetch/local-state.js';
export { ProgressBar, type ProgressBarOptions, type ProgressStream } from './fetch/progress-bar.js';
export { formatSize } from './fetch/format.js';
