import { tts, type APIConnectOptions } from '@livekit/agents';
import { SAMPLE_RATE_HZ } from '@parley/qwen3-contract';
import { ChunkedStream } from './chunked-stream.js';
import { EngineHandle } from './engine-handle.js';
import { checkFrameMs, splitOptions, type TTSOptions, type VoiceOptions } from './options.js';
import { SynthesizeStream } from './synthesize-stream.js';

/**
 * Qwen3-TTS as a LiveKit Agents TTS: streaming (`capabilities.streaming`), 24 kHz mono, so the
 * agent pipeline feeds it the LLM's tokens directly and no `StreamAdapter` is put in front.
 *
 * The engine either comes loaded (`engine`, shared: e.g. one `Qwen3Speech` per process, loaded
 * in the agent's `prewarm`, used by every job; `close()` leaves it running) or is loaded here
 * from a model directory (`model`, owned: loading starts at once, `ready()` waits for it, and
 * `close()` disposes it). Either way `close()` closes the streams still open.
 *
 * Voice options are snapshotted by each new stream; {@link updateOptions} changes later ones.
 *
 * @example
 * ```ts
 * import * as qwen3 from '@parley/tts-qwen3/livekit';
 *
 * const tts = new qwen3.TTS({ model: '/models/qwen3-tts-0.6b-customvoice', voice: 'ryan', language: 'english' });
 * await tts.ready(); // optional: load errors surface here instead of at the first reply
 * const session = new voice.AgentSession({ stt, llm, vad, tts });
 * ```
 */
export class TTS extends tts.TTS {
  /** Names this TTS in LiveKit's metrics, errors and traces. */
  label = 'qwen3.TTS';
  readonly #engine: EngineHandle;
  #options: VoiceOptions;

  /**
   * @throws ParleyError INVALID_INPUT unless exactly one of `engine` and `model` is given, or
   *   for a bad `frameMs`. Other bad options (an unknown voice) fail the stream that uses them.
   */
  constructor(options: TTSOptions) {
    const { source, voice } = splitOptions(options);
    const format = 'engine' in source ? source.engine : { sampleRate: SAMPLE_RATE_HZ, channels: 1 };
    super(format.sampleRate, format.channels, { streaming: true });
    checkFrameMs(voice.frameMs, format.sampleRate);
    this.#engine = new EngineHandle(source);
    this.#options = { ...voice };
  }

  /** The model, for metrics: e.g. `Qwen3-TTS-12Hz-0.6B-CustomVoice` once loaded. */
  override get model(): string {
    return this.#engine.modelName;
  }

  /** `parley`: the model runs in this process, not at a hosted provider. */
  override get provider(): string {
    return 'parley';
  }

  /** The voice options new streams start with. */
  get options(): Readonly<VoiceOptions> {
    return { ...this.#options };
  }

  /** Whether `close()` disposes the engine (it was loaded from `model`). */
  get ownsEngine(): boolean {
    return this.#engine.owned;
  }

  /**
   * Merges `options` into the voice options; streams made from now on use them, open ones keep
   * theirs. The engine source (`engine`, `model`, `device`) cannot change.
   * @throws ParleyError INVALID_INPUT for a bad `frameMs`.
   */
  updateOptions(options: Partial<VoiceOptions>): void {
    checkFrameMs(options.frameMs, this.sampleRate);
    this.#options = { ...this.#options, ...options };
  }

  /**
   * Resolves once the engine is loaded.
   * @throws APIError (not retryable) naming the ParleyError code when the load failed
   *   (MODEL_NOT_FOUND, MODEL_LOAD_FAILED, DEVICE_UNAVAILABLE) or the TTS is closed.
   */
  async ready(): Promise<void> {
    await this.#engine.get();
  }

  /** Speaks a whole text; see {@link ChunkedStream}. */
  synthesize(text: string, connOptions?: APIConnectOptions, abortSignal?: AbortSignal): ChunkedStream {
    return new ChunkedStream(this, this.#engine, { ...this.#options }, text, connOptions, abortSignal);
  }

  /** Speaks text while it arrives; see {@link SynthesizeStream}. */
  stream(options?: { connOptions?: APIConnectOptions }): SynthesizeStream {
    return new SynthesizeStream(this, this.#engine, { ...this.#options }, options?.connOptions);
  }

  /** Closes open streams, then disposes the engine if this TTS loaded it. */
  override async close(): Promise<void> {
    await this.#engine.close();
    await super.close();
  }
}
