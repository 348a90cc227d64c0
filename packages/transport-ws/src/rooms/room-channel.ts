import type { SpeechEvent } from '@parley/core';
import { pcmBytes } from '../speech/pcm-bytes.js';
import type { RoomServerMessage } from './room-messages.js';
import type { RoomListener } from './room-listener.js';
import type { RoomSpeaker } from './room-speaker.js';

/** Sample format of the audio published into a room; a TextToSpeech has these fields. */
export interface AudioFormat {
  sampleRate: number;
  channels?: number;
}

/** The sentence being spoken in a room: what a late joiner is told. */
export interface LiveSentence {
  sentence_index: number;
  sentence_text: string;
  format: 'pcm';
  sample_rate: number;
  channels: number;
  /** Audio bytes published for it so far. */
  bytes: number;
}

/** What a listener is told of a sentence as it starts (or joins during it): all but the count. */
export type SentenceHeader = Omit<LiveSentence, 'bytes'>;

/** The {@link SentenceHeader} of `sentence`. */
export function sentenceHeader(sentence: LiveSentence): SentenceHeader {
  const { bytes: _, ...header } = sentence;
  return header;
}

/**
 * A room's state: its listeners, its speaker and the sentence in progress. Turns published
 * {@link SpeechEvent}s into the room protocol — `audio.start`, binary s16le frames, `audio.done`,
 * `audio.cancelled` — and hands each to every listener; each message is serialized once. Audio
 * and ends that do not belong to the sentence in progress are dropped: nothing of a sentence
 * follows its `audio.cancelled`.
 */
export class RoomChannel {
  readonly listeners = new Set<RoomListener>();
  /** Who holds the floor, if anyone. */
  speaker: RoomSpeaker | undefined;
  private current: LiveSentence | undefined;

  constructor(readonly name: string) {}

  /** The sentence in progress, if any. */
  get live(): Readonly<LiveSentence> | undefined {
    return this.current;
  }

  /** Whether the channel holds nothing worth keeping. */
  get idle(): boolean {
    return this.listeners.size === 0 && this.current === undefined && this.speaker === undefined;
  }

  /** Publishes one event of a speech stream. `segment-metrics` and `done` are not forwarded. */
  publish(event: SpeechEvent, format: AudioFormat): void {
    if (event.type === 'segment-start') {
      const { sampleRate, channels = 1 } = format;
      this.current = { sentence_index: event.index, sentence_text: event.text, format: 'pcm', sample_rate: sampleRate, channels, bytes: 0 };
      this.broadcast({ type: 'audio.start', ...sentenceHeader(this.current) });
    } else if (event.type === 'audio' && this.current?.sentence_index === event.index) {
      const bytes = pcmBytes(event.frame);
      this.current.bytes += bytes.byteLength;
      for (const listener of this.listeners) listener.sendAudio(bytes);
    } else if (event.type === 'segment-text' && this.current?.sentence_index === event.index) {
      this.current.sentence_text = event.text; // a late joiner is told the text as it grew
    } else if (event.type === 'segment-end' && this.current?.sentence_index === event.index) {
      const { bytes, sentence_text: text } = this.current;
      this.current = undefined;
      this.broadcast({
        type: 'audio.done',
        sentence_index: event.index,
        total_bytes: bytes,
        error: event.error !== undefined,
        sentence_text: text,
      });
    }
  }

  /** Ends the sentence in progress with `audio.cancelled`; nothing when none is. */
  cancel(): void {
    if (!this.current) return;
    const index = this.current.sentence_index;
    this.current = undefined;
    this.broadcast({ type: 'audio.cancelled', sentence_index: index });
  }

  /** Sends `message` to every listener. */
  broadcast(message: RoomServerMessage): void {
    const json = JSON.stringify(message);
    for (const listener of this.listeners) listener.sendText(json);
  }
}
