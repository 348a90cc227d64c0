import type { ErrorMessage } from '../ws/messages.js';
import type { ResponseFormat } from './fields.js';

/** `audio.start`: a sentence begins; its audio follows as binary frames. */
export interface AudioStartMessage {
  type: 'audio.start';
  utterance_index: number;
  sentence_index: number;
  /** The sentence's text known when its audio began: its start, with an engine that speaks text as it arrives. */
  sentence_text: string;
  format: ResponseFormat;
  sample_rate: number;
  channels: number;
}

/** `audio.done`: a sentence's audio is complete (`error`: it ended early, or failed). */
export interface AudioDoneMessage {
  type: 'audio.done';
  utterance_index: number;
  sentence_index: number;
  /** Bytes of audio sent for the sentence. */
  total_bytes: number;
  error: boolean;
  /** parley's extension: the whole sentence as spoken (more than `audio.start`'s when its text streamed in). */
  sentence_text: string;
}

/**
 * `audio.cancelled`: the answer to `input.cancel`, which stopped the sentence in progress (no
 * `audio.done` follows it); `null`s when nothing was pending or playing.
 */
export interface AudioCancelledMessage {
  type: 'audio.cancelled';
  utterance_index: number | null;
  sentence_index: number | null;
}

/** `session.done`: the end of an utterance, with the sentences it started. */
export interface SessionDoneMessage {
  type: 'session.done';
  utterance_index: number;
  total_sentences: number;
}

/**
 * Everything the server sends on `WS /v1/audio/speech/stream` as JSON (audio goes as binary
 * frames between `audio.start` and `audio.done`).
 */
export type SpeechServerMessage = AudioStartMessage | AudioDoneMessage | AudioCancelledMessage | SessionDoneMessage | ErrorMessage;

/** `session.done` for `utterance`, which started `sentences` sentences. */
export function sessionDone(utterance: number, sentences: number): SessionDoneMessage {
  return { type: 'session.done', utterance_index: utterance, total_sentences: sentences };
}
