import { randomUUID } from 'node:crypto';
import { tts, type APIConnectOptions } from '@livekit/agents';
import { map } from 'rxjs';
import type { EngineHandle } from './engine-handle.js';
import { DEFAULT_FRAME_MS, synthesisOptions, type VoiceOptions } from './options.js';
import { pump } from './pump.js';
import { segmentFrames, toSynthesizedAudio } from './segment-audio.js';

/**
 * A one-shot synthesis of a whole text for LiveKit Agents, made by `TTS.synthesize(text)`:
 * the same sentences, frames and errors as a {@link SynthesizeStream} with one segment, and
 * `final` on the last frame. The base class measures it from construction and emits one
 * metrics event at the end (`streamed: false`).
 */
export class ChunkedStream extends tts.ChunkedStream {
  /** Names the stream in LiveKit's logs and traces. */
  label = 'qwen3.ChunkedStream';
  readonly #engine: EngineHandle;
  readonly #options: VoiceOptions;

  /** Use `TTS.synthesize()`; `options` is the snapshot this stream keeps. */
  constructor(
    owner: tts.TTS,
    engine: EngineHandle,
    options: VoiceOptions,
    text: string,
    connOptions?: APIConnectOptions,
    abortSignal?: AbortSignal,
  ) {
    super(text, owner, connOptions, abortSignal);
    this.#engine = engine;
    this.#options = options;
  }

  /** One attempt: speaks the text into the queue; quiet on abort, an APIError on failure. */
  protected run(): Promise<void> {
    return this.#engine.withEngine(this, async (engine) => {
      const requestId = randomUUID();
      const events = engine.synthesize(this.inputText, synthesisOptions(this.#options));
      const audio = segmentFrames(events, this.#options.frameMs ?? DEFAULT_FRAME_MS, () => undefined).pipe(
        map((frame) => toSynthesizedAudio(frame, requestId, requestId)),
      );
      // close() closes the queue before it aborts; nothing may be put after that.
      await pump(audio, (packet) => !this.queue.closed && this.queue.put(packet), this.abortSignal);
    });
  }
}
