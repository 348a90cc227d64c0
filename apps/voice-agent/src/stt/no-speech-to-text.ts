import type { PcmFrame } from '@parley/core';
import type { SpeechToText, TranscribeOptions, Transcript } from './speech-to-text.js';

/**
 * The {@link SpeechToText} used when no recognizer is configured: it hears that something was
 * said, and how long, but no words (`text` is empty). The local responder answers an empty
 * transcript by saying so, so the loop still runs end to end with no outside service.
 */
export class NoSpeechToText implements SpeechToText {
  /** Returns an empty transcript with the audio's length. */
  async transcribe(audio: readonly PcmFrame[] | Int16Array, opts: TranscribeOptions = {}, signal?: AbortSignal): Promise<Transcript> {
    signal?.throwIfAborted();
    const durationMs =
      audio instanceof Int16Array
        ? (audio.length * 1000) / (opts.sampleRate ?? 16_000)
        : audio.reduce((sum, frame) => sum + frame.durationMs, 0);
    return { text: '', durationMs };
  }

  /** Says that no recognizer is configured. */
  describe(): string {
    return 'STT: none (no speech recognizer configured: speech is detected, not transcribed)';
  }
}
