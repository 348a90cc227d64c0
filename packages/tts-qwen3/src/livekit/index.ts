/**
 * `@parley/tts-qwen3/livekit`: Qwen3-TTS as a LiveKit Agents (1.9) TTS plugin. A separate entry
 * point so that `@livekit/agents` stays an optional peer dependency: the engine never imports it.
 *
 * @example
 * ```ts
 * import * as qwen3 from '@parley/tts-qwen3/livekit';
 * const session = new voice.AgentSession({ stt, llm, vad, tts: new qwen3.TTS({ model: dir, voice: 'ryan' }) });
 * ```
 * @packageDocumentation
 */
// First: checks that one onnxruntime-node version is installed, before the engine loads it.
import './one-onnxruntime-guard.js';

export { TTS } from './tts.js';
export { SynthesizeStream } from './synthesize-stream.js';
export { ChunkedStream } from './chunked-stream.js';
export { DEFAULT_FRAME_MS, type OwnedEngine, type SharedEngine, type TTSOptions, type VoiceOptions } from './options.js';
