import type { PcmFrame } from '../audio/pcm-frame.js';
import type { SpeechEvent } from '../speech/events.js';
import { heardWords, joinSegments } from './heard-words.js';

/**
 * How much of a speech stream a listener heard: in samples, and mapped onto the text.
 * Produced by {@link SpeechTimeline.locate} and by a playback's `played()`.
 */
export interface HeardPosition {
  /** Samples per channel heard, at the speech's own sample rate. */
  samples: number;
  /** The same, in milliseconds (0 before any audio). */
  ms: number;
  /**
   * The segment being heard: the last one whose audio had begun playing (0 before any audio);
   * -1 when the stream carries no segments (bare PCM frames).
   */
  segmentIndex: number;
  /** Characters of that segment heard: `fraction` of its text length, rounded. */
  charOffset: number;
  /** Fraction of that segment's audio heard, 0..1. */
  fraction: number;
  /**
   * Whether `fraction` rests on the segment's real length. False while the segment is still
   * being synthesized: its length is then estimated from its text (see
   * {@link SpeechTimelineOptions.msPerCharacter}).
   */
  exact: boolean;
  /** Everything heard: the earlier segments in full, then the whole words of this one. */
  text: string;
}

/** Options for {@link SpeechTimeline}. */
export interface SpeechTimelineOptions {
  /**
   * Speaking pace assumed for a segment still being synthesized, until a finished segment gives
   * the real pace of this voice. Default 65 ms, about 15 characters a second: English TTS speech.
   */
  msPerCharacter?: number;
}

interface Segment {
  index: number;
  text: string;
  /** Offset of the segment's first sample in the whole stream. */
  start: number;
  samples: number;
  ended: boolean;
}

const DEFAULT_MS_PER_CHARACTER = 65;

/**
 * The map from a stream's audio to its text. Feed it every {@link SpeechEvent} (or bare
 * {@link PcmFrame}) as it is produced; then {@link locate} turns "the first N samples were
 * heard" into the segment being heard, the characters of it heard, and the text heard in whole
 * words. Pure bookkeeping: no timers, no I/O.
 *
 * Within a segment, characters are assumed to take equal time, so `charOffset` is an estimate;
 * words are cut conservatively (a word counts once its last letter was reached).
 *
 * @example
 * ```ts
 * const timeline = new SpeechTimeline();
 * tts.synthesize('Hello there. How are you?').subscribe((event) => timeline.record(event));
 * // later, at barge-in, with 1.1 s of the audio played:
 * timeline.locate(26_400).text; // 'Hello there. How'
 * ```
 */
export class SpeechTimeline {
  readonly #segments: Segment[] = [];
  readonly #msPerCharacter: number;
  #total = 0;
  #sampleRate = 0;

  constructor(options: SpeechTimelineOptions = {}) {
    this.#msPerCharacter = options.msPerCharacter ?? DEFAULT_MS_PER_CHARACTER;
  }

  /** Samples per channel recorded so far. */
  get totalSamples(): number {
    return this.#total;
  }

  /** The audio's sample rate; 0 until the first audio. */
  get sampleRate(): number {
    return this.#sampleRate;
  }

  /** Records the next event of the stream, in order. Metrics and `done` events are ignored. */
  record(event: SpeechEvent | PcmFrame): void {
    if (!('type' in event)) return this.#addAudio(event, undefined);
    switch (event.type) {
      case 'segment-start':
        this.#segments.push({ index: event.index, text: event.text, start: this.#total, samples: 0, ended: false });
        return;
      case 'segment-text': {
        // The segment grew while it was spoken: what was heard of it is read from all of it.
        const segment = this.#segment(event.index);
        if (segment) segment.text = event.text;
        return;
      }
      case 'audio':
        return this.#addAudio(event.frame, this.#segment(event.index));
      case 'segment-end': {
        const segment = this.#segment(event.index);
        if (segment) segment.ended = true;
        return;
      }
    }
  }

  /** Where a listener stands who heard the first `samples` samples (clamped to what exists). */
  locate(samples: number): HeardPosition {
    const heard = Math.min(Math.max(0, Math.round(samples)), this.#total);
    const ms = this.#sampleRate > 0 ? (heard * 1000) / this.#sampleRate : 0;
    const current = this.#current(heard);
    if (current === undefined) {
      return { samples: heard, ms, segmentIndex: -1, charOffset: 0, fraction: 0, exact: true, text: '' };
    }
    const { length, exact } = this.#length(current);
    const fraction = length > 0 ? Math.min(1, (heard - current.start) / length) : 0;
    const charOffset = Math.round(fraction * current.text.length);
    const earlier = this.#segments.filter((s) => s.start < current.start && s.samples > 0).map((s) => s.text);
    const text = joinSegments([...earlier, current.text], heardWords(current.text, charOffset));
    return { samples: heard, ms, segmentIndex: current.index, charOffset, fraction, exact, text };
  }

  #addAudio(frame: PcmFrame, segment: Segment | undefined): void {
    this.#sampleRate = frame.sampleRate;
    this.#total += frame.samplesPerChannel;
    if (segment) segment.samples += frame.samplesPerChannel;
  }

  /** The segment with this index; the search runs from the end, where the live one is. */
  #segment(index: number): Segment | undefined {
    for (let i = this.#segments.length - 1; i >= 0; i--) {
      if (this.#segments[i]!.index === index) return this.#segments[i];
    }
    return undefined;
  }

  /** The last segment whose audio had begun at `heard`, else the first one (nothing heard yet). */
  #current(heard: number): Segment | undefined {
    for (let i = this.#segments.length - 1; i >= 0; i--) {
      if (this.#segments[i]!.start < heard) return this.#segments[i];
    }
    return this.#segments[0];
  }

  /** A segment's length in samples: real once it ended, else estimated from its text. */
  #length(segment: Segment): { length: number; exact: boolean } {
    if (segment.ended) return { length: segment.samples, exact: true };
    const estimate = Math.round(segment.text.length * this.#samplesPerCharacter());
    return { length: Math.max(segment.samples, estimate), exact: false };
  }

  /** The pace of the finished segments, else the configured one. */
  #samplesPerCharacter(): number {
    let samples = 0;
    let characters = 0;
    for (const segment of this.#segments) {
      if (!segment.ended || segment.samples === 0) continue;
      samples += segment.samples;
      characters += segment.text.length;
    }
    if (characters > 0) return samples / characters;
    return (this.#msPerCharacter * this.#sampleRate) / 1000;
  }
}
