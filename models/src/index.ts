/**
 * @parley/models: a deterministic random-weight stand-in for Qwen3-TTS in the community ONNX
 * layout and parley's (docs/model.md#stand-in-model), the small ONNX graph builder that makes it, and the
 * downloader for the real models (`fetchModel`, `manifest.json`), and the converter of official
 * safetensors checkpoints into the parley layout (`convertCheckpoint`).
 */
export * from './contract.js';

export { defaultCacheRoot, type Notify } from './cache/cache-root.js';
export { ensureStandinModel, type EnsureStandinOptions } from './standin/ensure.js';
export { generateStandinModel, type GenerateOptions } from './standin/generate.js';
export { DEFAULT_STANDIN_SEED, type StandinLayout, type StandinModelType, type StandinOptions } from './standin/options.js';
export { DEFAULT_STANDIN_SIZES, REAL_0_6B_SIZES, type StandinSizes } from './standin/sizes.js';
export { generateStandinCheckpoint, type StandinCheckpoint, type StandinCheckpointOptions } from './standin/checkpoint.js';
export {
  REFERENCE_CHECKPOINTS,
  REFERENCE_SEED,
  writeReferenceCheckpoint,
  type ReferenceCheckpointName,
} from './standin/reference-checkpoints.js';

export {
  CONVERT_PRECISIONS,
  convertCheckpoint,
  type ConvertOptions,
  type ConvertProgress,
  type ConvertedModel,
} from './convert/convert-checkpoint.js';

export { fetchModel, type FetchModelOptions, type FetchedFile, type FetchedModel } from './fetch/fetch-model.js';
export type { FetchProgress } from './fetch/fetch-progress.js';
export type { RetryOptions } from '@parley/core';
export { DEFAULT_MANIFEST_PATH, loadModelManifest, type ManifestFile, type ModelEntry, type ModelManifest } from './fetch/manifest.js';
export { readLock, type LockedFile, type ModelLock } from './fetch/lock-file.js';
export { inspectModel, type FileState, type LocalFile, type ModelStatus } from './fetch/local-state.js';
export { defaultModelDir, defaultModelsRoot } from './fetch/model-dir.js';
export { ProgressBar, type ProgressBarOptions, type ProgressStream } from './fetch/progress-bar.js';
export { formatSize } from './fetch/format.js';
