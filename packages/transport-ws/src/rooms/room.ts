import type { Observable, Subscription } from 'rxjs';
import type { SpeechEvent, SynthesisOptions, TextToSpeech } from '@parley/core';
import type { AudioFormat, LiveSentence } from './room-channel.js';
import type { RoomHub } from './room-hub.js';

/**
 * A handle on one room of a {@link RoomHub}: what in-process code (the voice agent) uses to speak
 * to everyone listening on `WS /v1/rooms/:room`. A handle never goes stale: the room's state is
 * looked up by name on each call, created when needed and dropped when no one listens and nothing
 * is being said.
 *
 * One speaker at a time per room: two streams published at once interleave their sentences.
 *
 * @example
 * ```ts
 * const room = server.rooms.room('lobby');
 * const speaking = room.speak(tts, llmTokens$, { voice: 'ryan' });
 * // the user talks over the agent: listeners get audio.cancelled, the engine stops
 * speaking.unsubscribe();
 * ```
 */
export class Room {
  constructor(
    private readonly hub: RoomHub,
    /** The room's name, as in its URL. */
    readonly name: string,
  ) {}

  /** Listeners connected now. */
  get listenerCount(): number {
    return this.hub.channel(this.name)?.listeners.size ?? 0;
  }

  /** The sentence in progress, if any. */
  get live(): Readonly<LiveSentence> | undefined {
    return this.hub.channel(this.name)?.live;
  }

  /**
   * Publishes one event of a speech stream in the format `format` (a TextToSpeech will do):
   * `segment-start` → `audio.start`, `audio` → a binary s16le frame, `segment-end` → `audio.done`.
   */
  publish(event: SpeechEvent, format: AudioFormat): void {
    const channel = this.hub.channel(this.name, event.type === 'segment-start');
    if (!channel) return; // no listener and no sentence in progress: nobody to tell
    channel.publish(event, format);
    this.hub.release(this.name);
  }

  /** Cuts the sentence in progress short: listeners get `audio.cancelled` and no more of it. */
  cancel(): void {
    this.hub.channel(this.name)?.cancel();
    this.hub.release(this.name);
  }

  /**
   * Speaks `input` into the room with `tts`. Unsubscribing stops the engine and, mid-sentence,
   * sends `audio.cancelled`. A failing stream ends with `audio.done {error: true}` and is logged.
   */
  speak<O extends SynthesisOptions>(tts: TextToSpeech<O>, input: string | Observable<string>, options?: O): Subscription {
    const subscription = tts.synthesize(input, options).subscribe({
      next: (event) => this.publish(event, tts),
      error: (error: unknown) => this.hub.logger.warn('room speech failed', { room: this.name, error: String(error) }),
    });
    subscription.add(() => this.cancel());
    return subscription;
  }
}
