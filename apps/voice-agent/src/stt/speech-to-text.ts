import type { PcmFrame } from '@parley/core';

/** Options of {@link SpeechToText.transcribe}. */
export interface TranscribeOptions {
  /** The spoken language as ISO-639-1 (`"en"`); the service detects it when absent. */
  language?: string;
  /** Rate of a bare `Int16Array` (mono). Default 16 000 Hz, what the VAD's segments carry. */
  sampleRate?: number;
  /** Words to expect (names, jargon), passed as the service's prompt. */
  prompt?: string;
}

/** What was said. */
export interface Transcript {
  /** The words, trimmed; empty when nothing intelligible was heard. */
  text: string;
  /** The language the service reports, when it does. */
  language?: string;
  /** Length of the audio transcribed. */
  durationMs: number;
}

/**
 * Speech to text, one utterance at a time: the VAD cuts the utterance, this turns it into words.
 *
 * @example
 * ```ts
 * const { text } = await stt.transcribe([speechEnd.audio], { language: 'en' }, signal);
 * ```
 */
export interface SpeechToText {
  /**
   * Transcribes one utterance: frames of one format, or mono samples at `opts.sampleRate`.
   * @throws ParleyError INVALID_INPUT for empty or mixed-format audio; CANCELLED when `signal`
   *   aborts; otherwise the implementation's errors (see {@link OpenAITranscriber}).
   */
  transcribe(audio: readonly PcmFrame[] | Int16Array, opts?: TranscribeOptions, signal?: AbortSignal): Promise<Transcript>;
  /** One line for people: which recognizer this is (`"STT: whisper-1 at https://…"`). */
  describe(): string;
}
