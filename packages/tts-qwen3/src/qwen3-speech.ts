import { randomInt } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { ParleyError, speakSegments, type SentencesOptions, type SpeechEvent, type TextToSpeech } from '@parley/core';
import { defer, throwError, type Observable } from 'rxjs';
import { SAMPLE_RATE_HZ } from './codec/audio-format.js';
import { DEVICES, type Device } from './model/device.js';
import type { RunStats } from './model/run-monitor.js';
import { segmentSeed } from './sampling/prng.js';
import { resolveSynthesisOptions, type Qwen3SynthesisOptions } from './synthesis/options.js';
import type { CloneCapabilities } from './voice-clone/clone-options.js';
import { EngineWorker } from './worker/engine-worker.js';
import type { ModelInfo } from './worker/protocol.js';

/** Options of {@link Qwen3Speech.load}. */
export interface Qwen3SpeechOptions {
  /** A model directory in the community ONNX layout (config.json and the graph files). */
  model: string;
  /** `'cpu'` (default) or `'cuda'`. */
  device?: Device;
  /** ORT intra-op threads per graph; ORT's default when absent. */
  threads?: number;
  /** Defaults for every synthesis (e.g. `{ voice: 'ryan' }`); per-call options win. */
  defaults?: Qwen3SynthesisOptions;
  /** How input text is cut into segments (core's `sentences()`). */
  segmentation?: SentencesOptions;
}

/**
 * Qwen3-TTS-12Hz speech: a {@link TextToSpeech} that streams 24 kHz mono PCM while it generates.
 * The ONNX graphs run in a worker thread, so the event loop never waits on a model; each
 * segment of text is one request there, and unsubscribing stops it before its next ONNX run.
 *
 * @example
 * ```ts
 * const tts = await Qwen3Speech.load({ model: '/models/qwen3-tts-0.6b-customvoice' });
 * tts.synthesize(llmTokens$, { voice: 'ryan', language: 'english' }).subscribe((event) => {
 *   if (event.type === 'audio') speaker.play(event.frame);
 * });
 * await tts.dispose();
 * ```
 */
export class Qwen3Speech implements TextToSpeech<Qwen3SynthesisOptions> {
  readonly sampleRate = SAMPLE_RATE_HZ;
  readonly channels = 1;

  private constructor(
    private readonly worker: EngineWorker,
    private readonly defaults: Qwen3SynthesisOptions,
    private readonly segmentation: SentencesOptions | undefined,
  ) {}

  /**
   * Starts a worker and loads the model in it.
   * @throws ParleyError INVALID_INPUT for bad options; MODEL_NOT_FOUND, MODEL_LOAD_FAILED or
   *   DEVICE_UNAVAILABLE from the load.
   */
  static async load(options: Qwen3SpeechOptions): Promise<Qwen3Speech> {
    const device = options.device ?? 'cpu';
    if (!DEVICES.includes(device)) throw new ParleyError('INVALID_INPUT', `device must be one of ${DEVICES.join(', ')}, got ${String(device)}`);
    if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1)) {
      throw new ParleyError('INVALID_INPUT', `threads must be an integer ≥ 1, got ${options.threads}`);
    }
    if (!existsSync(options.model) || !statSync(options.model).isDirectory()) {
      throw new ParleyError('MODEL_NOT_FOUND', `model directory not found: ${options.model}`);
    }
    const worker = await EngineWorker.start({ model: options.model, device, threads: options.threads });
    const defaults = options.defaults ?? {};
    try {
      resolveSynthesisOptions(defaults, worker.info.config, () => 0, cloneCapabilities(worker.info));
    } catch (error) {
      await worker.dispose();
      throw error;
    }
    return new Qwen3Speech(worker, defaults, options.segmentation);
  }

  /** The loaded model: config (voices, languages, ids), sizes, tokenizer source. */
  get info(): ModelInfo {
    return this.worker.info;
  }

  /** The CustomVoice speakers this model knows (empty for Base). */
  get voices(): string[] {
    return Object.keys(this.info.config.speakers);
  }

  /** The language names this model knows, besides `"auto"`. */
  get languages(): string[] {
    return Object.keys(this.info.config.languages);
  }

  /**
   * Speaks `input` segment by segment. Options are checked on subscribe, before any model runs
   * (a bad one fails the stream with INVALID_INPUT). Segment i is seeded from (seed, i). With
   * `clone` (Base models) the reference audio is read and checked here too (doc §7).
   */
  synthesize(input: string | Observable<string>, options: Qwen3SynthesisOptions = {}): Observable<SpeechEvent> {
    return defer(() => {
      let resolved;
      try {
        resolved = resolveSynthesisOptions({ ...this.defaults, ...options }, this.info.config, () => randomInt(2 ** 32), cloneCapabilities(this.info));
      } catch (error) {
        return throwError(() => error);
      }
      const base = resolved;
      return speakSegments(input, (text, index) => this.worker.speak(text, { ...base, seed: segmentSeed(base.seed, index) }), this.segmentation);
    });
  }

  /** ONNX runs started so far in the worker (exact at any moment; for tests and metrics). */
  runsStarted(): number {
    return this.worker.runsStarted();
  }

  /** Per-graph run counts and times. */
  stats(): Promise<RunStats> {
    return this.worker.stats();
  }

  /** Cancels every synthesis, frees the model and ends the worker. */
  dispose(): Promise<void> {
    return this.worker.dispose();
  }
}

/** Which cloning graphs the loaded model has (doc §7). */
function cloneCapabilities(info: ModelInfo): CloneCapabilities {
  return { speakerEncoder: info.hasSpeakerEncoder, codecEncoder: info.hasCodecEncoder };
}
