import type { PcmFrame } from '@parley/core';
import type { AudioFormat } from '../rooms/room-channel.js';
import type { BoundedSocket } from '../ws/bounded-socket.js';
import type { SpeechServerMessage } from './server-messages.js';
import type { ResponseFormat } from './fields.js';
import { SentenceFraming } from './sentence-framing.js';

/** Where a sentence sits in its session. */
export interface SentencePosition {
  /** Its utterance's `utterance_index`. */
  utterance: number;
  /** Its `sentence_index` within the utterance. */
  index: number;
}

interface OpenSentence extends SentencePosition {
  text: string;
  bytes: number;
  framing: SentenceFraming;
}

/**
 * Writes the sentence being spoken to a speech client: `audio.start`, its binary frames (see
 * {@link SentenceFraming}), then `audio.done` with `total_bytes` counting every byte sent for it
 * and the whole sentence's text.
 * At most one sentence is open at a time.
 */
export class SentenceWriter {
  private open: OpenSentence | undefined;

  constructor(
    private readonly out: BoundedSocket<SpeechServerMessage>,
    private readonly audio: Required<AudioFormat>,
  ) {}

  /** The open sentence, if any. */
  get current(): SentencePosition | undefined {
    return this.open;
  }

  /** Opens a sentence: sends `audio.start` and, for streamed WAV, its header. */
  start(position: SentencePosition, text: string, format: ResponseFormat, streaming: boolean): void {
    const { sampleRate, channels } = this.audio;
    this.open = { ...position, text, bytes: 0, framing: new SentenceFraming(format, streaming, sampleRate, channels) };
    this.out.json({
      type: 'audio.start',
      utterance_index: position.utterance,
      sentence_index: position.index,
      sentence_text: text,
      format,
      sample_rate: sampleRate,
      channels,
    });
    this.send(this.open.framing.start());
  }

  /** More of the open sentence's text arrived while it is spoken (`segment-text`): `audio.done` carries it all. */
  text(text: string): void {
    if (this.open) this.open.text = text;
  }

  /** Sends (or holds, when not streaming) one chunk of the open sentence. */
  chunk(frame: PcmFrame): void {
    if (this.open) this.send(this.open.framing.chunk(frame));
  }

  /** Closes the open sentence: what it held, then `audio.done {error}`. */
  end(error: boolean): void {
    if (!this.open) return;
    this.send(this.open.framing.end());
    this.close(error);
  }

  /**
   * Closes the open sentence with `audio.done {error}` without sending what it held: the session
   * is ending, and a client must still see the sentence closed.
   */
  close(error = true): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    this.out.json({
      type: 'audio.done',
      utterance_index: open.utterance,
      sentence_index: open.index,
      total_bytes: open.bytes,
      error,
      sentence_text: open.text,
    });
  }

  /** Drops the open sentence with no `audio.done` (it was cancelled, and the client was told so). */
  abandon(): void {
    this.open = undefined;
  }

  private send(frames: Uint8Array[]): void {
    for (const frame of frames) {
      this.open!.bytes += frame.byteLength;
      this.out.binary(frame);
    }
  }
}
