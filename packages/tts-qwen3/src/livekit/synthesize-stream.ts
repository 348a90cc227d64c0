import { randomUUID } from 'node:crypto';
import { tts, type APIConnectOptions } from '@livekit/agents';
import { Observable, concatMap, map } from 'rxjs';
import type { Engine, EngineHandle } from './engine-handle.js';
import { inputSegments } from './input-segments.js';
import { DEFAULT_FRAME_MS, synthesisOptions, type VoiceOptions } from './options.js';
import { pump } from './pump.js';
import { segmentFrames, toSynthesizedAudio } from './segment-audio.js';

/**
 * A streaming synthesis for LiveKit Agents: text (e.g. an LLM's tokens) in, `SynthesizedAudio`
 * out while the text is still arriving. Made by `TTS.stream()`.
 *
 * - Each flush ends a segment. A segment's text goes to the engine as it arrives, cut into
 *   sentences by core's `sentences()`, so its first sentence is spoken before the flush.
 * - Segments are spoken one after another; text of the next segment waits meanwhile.
 * - Each segment's last frame, and only it, has `final: true`; every segment gets its own
 *   `segmentId`, and all share one `requestId` per attempt.
 * - `END_OF_STREAM` follows the last frame once the input has ended (also for empty input).
 * - `close()` stops the engine at once (before its next model run) and nothing more is queued.
 * - Engine failures become `APIError`s, retried by the base class only when retryable.
 */
export class SynthesizeStream extends tts.SynthesizeStream {
  /** Names the stream in LiveKit's logs and traces. */
  label = 'qwen3.SynthesizeStream';
  readonly #engine: EngineHandle;
  readonly #options: VoiceOptions;

  /** Use `TTS.stream()`; `options` is the snapshot this stream keeps. */
  constructor(owner: tts.TTS, engine: EngineHandle, options: VoiceOptions, connOptions?: APIConnectOptions) {
    super(owner, connOptions);
    this.#engine = engine;
    this.#options = options;
  }

  /** One attempt: reads the input to its end, speaking each segment; see the class comment. */
  protected run(): Promise<void> {
    return this.#engine.withEngine(this, async (engine) => {
      const requestId = randomUUID();
      const audio = inputSegments(this.input).pipe(
        concatMap((text) => afterQueuedWork().pipe(concatMap(() => this.#speak(engine, text, requestId)))),
      );
      await pump(audio, (packet) => this.queue.put(packet), this.abortSignal);
      if (!this.abortSignal.aborted) this.queue.put(tts.SynthesizeStream.END_OF_STREAM);
    });
  }

  /** One segment's audio; TTFB starts when its first sentence reaches the engine. */
  #speak(engine: Engine, text: Observable<string>, requestId: string): Observable<tts.SynthesizedAudio> {
    const segmentId = randomUUID();
    const events = engine.synthesize(text, synthesisOptions(this.#options));
    return segmentFrames(events, this.#options.frameMs ?? DEFAULT_FRAME_MS, () => this.markStarted()).pipe(
      map((frame) => toSynthesizedAudio(frame, requestId, segmentId)),
    );
  }
}

/**
 * Emits once on the next macrotask. The base class turns the previous segment's `final` frame
 * into its metrics in a chain of microtasks and only then clears the TTFB anchor; starting the
 * next segment before that would make its `markStarted()` a no-op and lose its metrics.
 */
function afterQueuedWork(): Observable<void> {
  return new Observable<void>((subscriber) => {
    const handle = setImmediate(() => {
      subscriber.next();
      subscriber.complete();
    });
    return () => clearImmediate(handle);
  });
}
