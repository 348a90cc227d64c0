import { interval, map, take, type Observable } from 'rxjs';
import { float32ToInt16 } from '../audio/sample-format.js';
import { PcmFrame, assertFormat } from '../audio/pcm-frame.js';
import type { SentencesOptions } from '../text/index.js';
import type { SpeechEvent } from './events.js';
import { speakSegments } from './speak-segments.js';
import { SynthesisGate } from './synthesis-gate.js';
import type { SynthesisOptions, TextToSpeech } from './text-to-speech.js';

/** Options for {@link ToneSpeech}. */
export interface ToneSpeechOptions {
  /** Output rate in Hz. Default 24 000, like Qwen3-TTS. */
  sampleRate?: number;
  /** Audio length per character of text. Default 60 ms, about the pace of speech. */
  msPerCharacter?: number;
  /** Audio per emitted chunk. Default 80 ms, one Qwen3-TTS codec frame. */
  chunkMs?: number;
  /** Tone pitch. Default 440 Hz. */
  frequencyHz?: number;
  /**
   * Wall time per second of audio produced: 1 paces chunks in real time, 0.1 at 10× real time.
   * Default 0: as fast as timers allow (still asynchronous, so cancellation is observable).
   */
  realTimeFactor?: number;
  /** How input is cut into segments. */
  segmentation?: SentencesOptions;
}

/**
 * A {@link TextToSpeech} that speaks a sine tone whose length follows the text. No model: for
 * tests, demos and transports that need a real, cancellable speech stream before a model is
 * loaded. Chunks are produced on timers, one at a time, and `chunksGenerated` counts them, so a
 * test can prove that generation stopped after a cancel. It has one voice and no names for it:
 * `voices` is empty and `options.voice` is ignored.
 */
export class ToneSpeech implements TextToSpeech {
  readonly sampleRate: number;
  readonly channels = 1;
  /** None: the tone is one voice without a name. */
  readonly voices: readonly string[] = [];
  /** Chunks generated so far, across all streams. */
  chunksGenerated = 0;
  private readonly msPerCharacter: number;
  private readonly chunkSamples: number;
  private readonly frequencyHz: number;
  private readonly chunkIntervalMs: number;
  private readonly segmentation: SentencesOptions | undefined;
  private readonly gate = new SynthesisGate('tone engine');

  constructor(options: ToneSpeechOptions = {}) {
    this.sampleRate = options.sampleRate ?? 24_000;
    assertFormat(this.sampleRate, 1);
    this.msPerCharacter = options.msPerCharacter ?? 60;
    const chunkMs = options.chunkMs ?? 80;
    this.chunkSamples = Math.max(1, Math.round((this.sampleRate * chunkMs) / 1000));
    this.frequencyHz = options.frequencyHz ?? 440;
    this.chunkIntervalMs = chunkMs * (options.realTimeFactor ?? 0);
    this.segmentation = options.segmentation;
  }

  /** Speaks `input` as tones, one per segment; `options` are accepted and ignored. */
  synthesize(input: string | Observable<string>, _options?: SynthesisOptions): Observable<SpeechEvent> {
    return this.gate.guard(speakSegments(input, (text) => this.tone(text), this.segmentation));
  }

  /** Stops every tone being spoken (their streams end with CANCELLED) and refuses new ones. */
  async close(): Promise<void> {
    this.gate.close();
  }

  private tone(text: string): Observable<PcmFrame> {
    const totalSamples = Math.round((text.length * this.msPerCharacter * this.sampleRate) / 1000);
    const chunks = Math.ceil(totalSamples / this.chunkSamples);
    return interval(this.chunkIntervalMs).pipe(
      take(chunks),
      map((chunk) => {
        this.chunksGenerated++;
        const start = chunk * this.chunkSamples;
        return this.sine(start, Math.min(this.chunkSamples, totalSamples - start));
      }),
    );
  }

  private sine(firstSample: number, length: number): PcmFrame {
    const samples = new Float32Array(length);
    const step = (2 * Math.PI * this.frequencyHz) / this.sampleRate;
    for (let i = 0; i < length; i++) samples[i] = 0.5 * Math.sin(step * (firstSample + i));
    return new PcmFrame(float32ToInt16(samples), this.sampleRate);
  }
}
