import { randomInt } from 'node:crypto';
import {
  ParleyError,
  speakSegments,
  withStartupLead,
  type StartupLeadOptions,
  speakSegmentStreams,
  SynthesisGate,
  type SentencesOptions,
  type SpeechEvent,
  type TextToSpeech,
} from '@parley/core';
import { defer, from, lastValueFrom, switchMap, throwError, type Observable } from 'rxjs';
import { SAMPLE_RATE_HZ } from '@parley/qwen3-contract';
import { resolveEngineOptions, type Qwen3SpeechOptions } from './engine-options.js';
import type { RunStats } from './model/run-monitor.js';
import { isStandin, STANDIN_MAX_FRAMES, standinModelDir } from './model/standin-model.js';
import { segmentSeed } from './sampling/prng.js';
import { resolveSynthesisOptions, type Qwen3SynthesisOptions } from './synthesis/options.js';
import type { CloneCapabilities } from './voice-clone/clone-options.js';
import { startEngine, type EngineInfo, type LoadedEngine } from './worker/start-engine.js';
import type { SegmentText } from './worker/engine-worker.js';
import type { ModelInfo } from './worker/protocol.js';

export type { Qwen3SpeechOptions } from './engine-options.js';

/** Text of {@link Qwen3Speech.warmup}'s synthesis, and the frames it makes: a few runs of every graph. */
const WARMUP_TEXT = 'Hi.';
const WARMUP_FRAMES = 4;

/**
 * Qwen3-TTS-12Hz speech: a {@link TextToSpeech} that streams 24 kHz mono PCM while it generates.
 * The ONNX graphs run in worker threads, so the event loop never waits on a model. Each segment
 * of text is one request to the least busy worker (or waits in a bounded queue); unsubscribing
 * stops it before its next ONNX run.
 *
 * @example
 * ```ts
 * const tts = await Qwen3Speech.load({ model: '/models/qwen3-tts-0.6b-customvoice' });
 * tts.synthesize(llmTokens$, { voice: 'ryan', language: 'english' }).subscribe((event) => {
 *   if (event.type === 'audio') speaker.play(event.frame);
 * });
 * await tts.close();
 * ```
 */
export class Qwen3Speech implements TextToSpeech<Qwen3SynthesisOptions> {
  readonly sampleRate = SAMPLE_RATE_HZ;
  readonly channels = 1;
  private loading: Promise<LoadedEngine> | undefined;
  private engine: LoadedEngine | undefined;
  private closing: Promise<void> | undefined;
  private readonly gate = new SynthesisGate('engine');
  private readonly defaults: Qwen3SynthesisOptions;
  private readonly segmentation: SentencesOptions | undefined;
  private readonly startupLead: StartupLeadOptions | false;

  private constructor(private readonly options: Qwen3SpeechOptions) {
    this.defaults = isStandin(options.model) ? { maxFrames: STANDIN_MAX_FRAMES, ...options.defaults } : (options.defaults ?? {});
    this.segmentation = options.segmentation;
    this.startupLead = options.startupLead ?? {};
  }

  /**
   * Starts the workers and loads the model in each.
   * @throws ParleyError INVALID_INPUT for bad options; MODEL_NOT_FOUND, MODEL_LOAD_FAILED or
   *   DEVICE_UNAVAILABLE from the load.
   */
  static async load(options: Qwen3SpeechOptions): Promise<Qwen3Speech> {
    const speech = Qwen3Speech.create(options);
    await speech.ready();
    return speech;
  }

  /**
   * An engine that loads on first use (`synthesize`, {@link ready} or {@link warmup}). The options
   * that need no model are checked now; a failed load fails the stream that started it, and the
   * next use tries again.
   * @throws ParleyError INVALID_INPUT for bad options; MODEL_NOT_FOUND for a missing directory.
   */
  static create(options: Qwen3SpeechOptions): Qwen3Speech {
    resolveEngineOptions(options);
    return new Qwen3Speech(options);
  }

  /**
   * Loads the model if it is not loaded yet.
   * @throws ParleyError from the load, or CANCELLED once closed.
   */
  async ready(): Promise<void> {
    await this.loaded();
  }

  /** Loads the model and speaks a few frames, so that the first real request pays no first-run costs. */
  async warmup(): Promise<void> {
    await lastValueFrom(this.synthesize(WARMUP_TEXT, { maxFrames: WARMUP_FRAMES, seed: 0 }), { defaultValue: undefined });
  }

  /** Whether the model is loaded. */
  get isLoaded(): boolean {
    return this.engine !== undefined;
  }

  /**
   * The loaded model (config, sizes, tokenizer source), the device it runs on, the workers and
   * the load time.
   * @throws ParleyError INVALID_INPUT before the model is loaded (await {@link ready} first).
   */
  get info(): EngineInfo {
    if (!this.engine) throw new ParleyError('INVALID_INPUT', 'the model is not loaded yet: await ready() first');
    return this.engine.info;
  }

  /**
   * The CustomVoice speakers this model knows (empty for Base models), from its config.json;
   * empty too until the model is loaded (an engine from {@link create} before its first use).
   */
  get voices(): string[] {
    return this.engine ? Object.keys(this.engine.info.config.speakers) : [];
  }

  /** The language names this model knows, besides `"auto"`. Needs the model loaded. */
  get languages(): string[] {
    return Object.keys(this.info.config.languages);
  }

  /**
   * Speaks `input` segment by segment, loading the model first if needed. In the default
   * `textMode: 'incremental'` a segment starts speaking from its first words and takes the rest
   * of its text as it arrives; in `'sentence'` mode it waits for the whole sentence. Options are checked on
   * subscribe, before any model runs (a bad one fails the stream with INVALID_INPUT). Segment i is
   * seeded from (seed, i). With `clone` (Base models) the reference audio is read and checked here
   * too (docs/model.md#voice-cloning). When every worker is busy and `maxQueuedSegments` segments
   * already wait, the stream fails at once with OVERLOADED (retryable). After {@link close} it
   * fails with CANCELLED.
   */
  synthesize(input: string | Observable<string>, options: Qwen3SynthesisOptions = {}): Observable<SpeechEvent> {
    const speech = defer(() =>
      this.engine
        ? this.speak(this.engine, input, options)
        : from(this.loaded()).pipe(switchMap((engine) => this.speak(engine, input, options))),
    );
    return this.gate.guard(speech);
  }

  /** ONNX runs started so far in all workers (exact at any moment; for tests and metrics). */
  runsStarted(): number {
    return this.engine?.pool.runsStarted() ?? 0;
  }

  /** Per-graph run counts and times, all workers together. */
  async stats(): Promise<RunStats> {
    return this.engine ? this.engine.pool.stats() : { totalRuns: 0, byGraph: {}, deviceTensors: 0 };
  }

  /**
   * Ends every synthesis with CANCELLED (also one waiting for text or for the load), frees the
   * models and ends the workers, after the load if one is under way. Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.gate.close();
    const engine = await this.loading?.catch(() => undefined);
    await engine?.pool.dispose();
  }

  private speak(engine: LoadedEngine, input: string | Observable<string>, options: Qwen3SynthesisOptions): Observable<SpeechEvent> {
    let base;
    try {
      base = resolveSynthesisOptions(
        { ...this.defaults, ...options },
        engine.info.config,
        () => randomInt(2 ** 32),
        cloneCapabilities(engine.info),
      );
    } catch (error) {
      return throwError(() => error);
    }
    const resolved = base;
    const speakSegment = (text: SegmentText, index: number) =>
      engine.pool.speak(text, { ...resolved, seed: segmentSeed(resolved.seed, index) });
    // Incremental: each segment's text streams into its request while the LLM writes it.
    const events =
      resolved.textMode === 'incremental'
        ? speakSegmentStreams(input, (pieces, index) => speakSegment({ pieces, endWords: true }, index), this.segmentation)
        : speakSegments(input, speakSegment, this.segmentation);
    return this.startupLead === false ? events : events.pipe(withStartupLead(this.startupLead));
  }

  /** The loaded engine; starts the load on first call, and again after a failed one. */
  private loaded(): Promise<LoadedEngine> {
    if (this.gate.closed) return Promise.reject(closedError());
    this.loading ??= this.start().then(
      (engine) => this.adopt(engine),
      (error: unknown) => {
        this.loading = undefined; // a later use tries again
        throw error;
      },
    );
    return this.loading;
  }

  /** Starts the workers on the model directory, generating the stand-in first when it is the one named. */
  private async start(): Promise<LoadedEngine> {
    const resolved = resolveEngineOptions(this.options);
    const model = isStandin(resolved.model) ? await standinModelDir(this.defaults.clone !== undefined, resolved.warn) : resolved.model;
    return startEngine({ ...resolved, model }, (info) => this.checkDefaults(info));
  }

  /** Keeps a freshly loaded engine, unless `close` came first. */
  private async adopt(engine: LoadedEngine): Promise<LoadedEngine> {
    if (this.gate.closed) {
      await engine.pool.dispose();
      throw closedError();
    }
    this.engine = engine;
    return engine;
  }

  /** Fails the load with INVALID_INPUT when `defaults` do not fit the model (an unknown voice). */
  private checkDefaults(info: ModelInfo): void {
    resolveSynthesisOptions(this.defaults, info.config, () => 0, cloneCapabilities(info));
  }
}

function closedError(): ParleyError {
  return new ParleyError('CANCELLED', 'the engine was closed');
}

/** Which cloning graphs the loaded model has (docs/model.md#voice-cloning). */
function cloneCapabilities(info: ModelInfo): CloneCapabilities {
  return { speakerEncoder: info.hasSpeakerEncoder, codecEncoder: info.hasCodecEncoder };
}
