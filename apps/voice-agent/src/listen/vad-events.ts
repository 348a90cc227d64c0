import type { PcmFrame } from '@parley/core';

/**
 * Speech began. Times are audio time: milliseconds of input since the stream began. Emitted
 * once the speech has lasted `minSpeechMs`, so `detectedAtMs - atMs` is how long the user has
 * been speaking when the event arrives.
 */
export interface SpeechStartEvent {
  type: 'speech-start';
  /** Where speech starts, `speechPadMs` early. */
  atMs: number;
  /** Audio time when the speech was confirmed (the end of the window that confirmed it). */
  detectedAtMs: number;
}

/** Speech ended: `minSilenceMs` of silence followed it, or the input ended. */
export interface SpeechEndEvent {
  type: 'speech-end';
  /** Where speech ends, `speechPadMs` late (never past the audio seen). */
  atMs: number;
  /** The segment's length, from its start's `atMs` to this `atMs`. */
  durationMs: number;
  /** The segment's audio, 16 kHz mono, from the start's `atMs` to `atMs`: ready for STT. */
  audio: PcmFrame;
}

/** What `vad()` emits. */
export type VadEvent = SpeechStartEvent | SpeechEndEvent;

/** One window's verdict, for a level meter or a debugging view. */
export interface SpeechProbability {
  type: 'probability';
  /** Audio time of the window's end. */
  atMs: number;
  /** Silero's speech probability for the window, 0..1. */
  probability: number;
  /** Whether a confirmed speech segment is open after this window. */
  speaking: boolean;
}
