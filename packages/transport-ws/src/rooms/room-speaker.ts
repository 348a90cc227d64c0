import type { SpeechEvent } from '@parley/core';
import type { AudioFormat } from './room-channel.js';
import type { RoomHub } from './room-hub.js';

/**
 * The floor of one room: the right to speak into it, held by one speaker at a time (see
 * {@link Room.claim}). Published events reach the room's listeners while the floor is held;
 * after {@link release} they are dropped, so a speaker that lost or gave up the floor can never
 * talk over the next one.
 */
export class RoomSpeaker {
  private held = true;

  constructor(
    private readonly hub: RoomHub,
    /** The room's name. */
    readonly room: string,
  ) {}

  /** Whether this speaker still holds the floor. */
  get holding(): boolean {
    return this.held;
  }

  /**
   * Publishes one event of a speech stream in the format `format` (a TextToSpeech will do):
   * `segment-start` → `audio.start`, `audio` → a binary s16le frame, `segment-end` → `audio.done`.
   * Audio of a sentence that is not the one in progress (one that was cancelled) is dropped.
   */
  publish(event: SpeechEvent, format: AudioFormat): void {
    if (this.held) this.hub.channel(this.room)?.publish(event, format);
  }

  /** Cuts the sentence in progress short: listeners get `audio.cancelled` and no more of it. */
  cancel(): void {
    if (this.held) this.hub.channel(this.room)?.cancel();
  }

  /** Gives the floor back (idempotent), cancelling the sentence in progress, if any. */
  release(): void {
    if (!this.held) return;
    this.cancel();
    this.held = false;
    const channel = this.hub.channel(this.room);
    if (channel?.speaker === this) channel.speaker = undefined;
    this.hub.release(this.room);
  }
}
