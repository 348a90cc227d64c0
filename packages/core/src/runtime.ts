/**
 * `@parley/core/runtime`: a model in a worker thread, both halves, for whoever writes an engine
 * or a detector on ONNX Runtime (whose `session.run` blocks the thread that calls it). The main
 * thread's {@link ModelWorker} sends requests as cold Observables with a shared-memory cancel
 * cell each; the worker's {@link serveModel} runs them and checks the cell before every model
 * run. The Qwen3-TTS engine and the Silero VAD both run on it.
 * @packageDocumentation
 */
export * from './runtime/spawn-module-worker.js';
export * from './runtime/cancel-cell.js';
export * from './runtime/model-protocol.js';
export * from './runtime/input-feed.js';
export * from './runtime/model-host.js';
export * from './runtime/model-worker.js';
