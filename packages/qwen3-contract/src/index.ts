/**
 * @parley/qwen3-contract: the Qwen3-TTS model contract between parley's converter and stand-in
 * generator (`@parley/models`), which write model directories, and its engine
 * (`@parley/tts-qwen3`), which reads them. One declaration of each part, so the two cannot
 * drift: the graph names and their I/O, the parley layout manifest, the weight precisions and
 * the audio format. Plain data and types; it depends on nothing.
 * @packageDocumentation
 */
export * from './audio-format.js';
export * from './graph-names.js';
export * from './graph-contract.js';
export * from './precision.js';
export * from './layout-manifest.js';
