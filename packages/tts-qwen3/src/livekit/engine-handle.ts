import { basename } from 'node:path';
import { APIError } from '@livekit/agents';
import type { TextToSpeech } from '@parley/core';
import type { ModelConfig } from '../model/model-config.js';
import { Qwen3Speech } from '../qwen3-speech.js';
import type { Qwen3SynthesisOptions } from '../synthesis/options.js';
import { toAPIError } from './api-error.js';
import type { OwnedEngine, SharedEngine } from './options.js';

/** What {@link EngineHandle.withEngine} needs of a LiveKit stream. */
export interface LiveKitStream {
  readonly abortSignal: AbortSignal;
  close(): void;
}

/** The engine a LiveKit TTS speaks with. */
export type Engine = TextToSpeech<Qwen3SynthesisOptions>;

/**
 * Where a LiveKit TTS gets its engine, and who disposes it. A shared engine is used as given
 * and never disposed here. An owned one is loaded from a model directory as soon as the
 * handle is made (so the load overlaps with joining the room) and disposed by {@link close}.
 */
export class EngineHandle {
  /** Whether {@link close} disposes the engine. */
  readonly owned: boolean;
  private readonly loading: Promise<Engine>;
  private loaded: Engine | undefined;
  private readonly closing = new AbortController();
  private readonly modelDir: string | undefined;

  constructor(source: SharedEngine | OwnedEngine) {
    if ('engine' in source) {
      this.owned = false;
      this.loaded = source.engine;
      this.loading = Promise.resolve(source.engine);
    } else {
      this.owned = true;
      this.modelDir = source.model;
      this.loading = Qwen3Speech.load(source);
      // Also marks a failed load as handled; it is reported by get().
      this.loading.then(
        (engine) => (this.loaded = engine),
        () => undefined,
      );
    }
  }

  /**
   * The engine, once loaded.
   * @throws APIError (not retryable) when the load failed or the handle is closed.
   */
  async get(): Promise<Engine> {
    if (this.closing.signal.aborted) throw closedError();
    const engine = await this.loading.catch((error: unknown) => {
      throw toAPIError(error);
    });
    if (this.closing.signal.aborted) throw closedError();
    return engine;
  }

  /**
   * Runs one attempt of a LiveKit stream with the engine: waits for the load, then `body`.
   * Closing the handle meanwhile closes the stream, and once the stream is aborted any failure
   * is swallowed, since LiveKit wants an aborted `run()` to return quietly.
   */
  async withEngine(stream: LiveKitStream, body: (engine: Engine) => Promise<void>): Promise<void> {
    const closeStream = (): void => stream.close();
    this.closing.signal.addEventListener('abort', closeStream, { once: true });
    try {
      const engine = await this.get();
      if (!stream.abortSignal.aborted) await body(engine);
    } catch (error) {
      if (!stream.abortSignal.aborted) throw error;
    } finally {
      this.closing.signal.removeEventListener('abort', closeStream);
    }
  }

  /**
   * A name for metrics: the official one for a loaded Qwen3Speech (`Qwen3-TTS-12Hz-0.6B-CustomVoice`),
   * else the model directory's name, else `qwen3-tts`.
   */
  get modelName(): string {
    if (this.loaded instanceof Qwen3Speech) return officialName(this.loaded.info.config);
    return this.modelDir === undefined ? 'qwen3-tts' : basename(this.modelDir);
  }

  /** Tells listeners, then disposes an owned engine (after its load, if one is under way). */
  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    if (!this.owned) return;
    const engine = await this.loading.catch(() => undefined);
    await engine?.close();
  }
}

const MODEL_TYPE_NAMES: Readonly<Record<string, string>> = {
  base: 'Base',
  custom_voice: 'CustomVoice',
  voice_design: 'VoiceDesign',
};

/** `tts_model_size` "0b6" and model type "custom_voice" → "Qwen3-TTS-12Hz-0.6B-CustomVoice". */
function officialName(config: ModelConfig): string {
  const size = /^(\d+)b(\d+)$/i.exec(config.modelSize);
  const sizeName = size ? `${size[1]}.${size[2]}B` : config.modelSize;
  return `Qwen3-TTS-12Hz-${sizeName}-${MODEL_TYPE_NAMES[config.modelType] ?? config.modelType}`;
}

function closedError(): APIError {
  return new APIError('CANCELLED: the Qwen3 TTS is closed', { retryable: false, body: { code: 'CANCELLED' } });
}
