import type { Observable, Subscription } from 'rxjs';
import { ParleyError, type SynthesisOptions, type TextToSpeech } from '@parley/core';
import type { LiveSentence } from './room-channel.js';
import type { RoomHub } from './room-hub.js';
import { RoomSpeaker } from './room-speaker.js';

/**
 * A handle on one room of a {@link RoomHub}: what in-process code (the voice agent) uses to speak
 * to everyone listening on `WS /v1/rooms/:room`. A handle never goes stale: the room's state is
 * looked up by name on each call, created when needed and dropped when no one listens, no one
 * holds the floor and nothing is being said.
 *
 * One speaker at a time per room: speaking takes the room's floor ({@link claim}), and while one
 * speaker holds it every other is refused with OVERLOADED (retryable), rather than queued or
 * mixed in. Only the holder can cut its own sentence short.
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

  /** Whether someone holds the floor. */
  get busy(): boolean {
    return this.hub.channel(this.name)?.speaker !== undefined;
  }

  /**
   * Takes the room's floor: the returned speaker publishes into the room until it is released.
   * @throws ParleyError OVERLOADED while another speaker holds it.
   */
  claim(): RoomSpeaker {
    const channel = this.hub.channel(this.name, true)!;
    if (channel.speaker) {
      throw new ParleyError('OVERLOADED', `room ${this.name} already has a speaker: one at a time, try again when it is done`);
    }
    channel.speaker = new RoomSpeaker(this.hub, this.name);
    return channel.speaker;
  }

  /**
   * Speaks `input` into the room with `tts`, holding the floor until the speech ends.
   * Unsubscribing stops the engine and, mid-sentence, sends `audio.cancelled`. A failing stream
   * ends with `audio.done {error: true}` and is logged.
   * @throws ParleyError OVERLOADED while another speaker holds the floor.
   */
  speak<O extends SynthesisOptions>(tts: TextToSpeech<O>, input: string | Observable<string>, options?: O): Subscription {
    const speaker = this.claim();
    const subscription = tts.synthesize(input, options).subscribe({
      next: (event) => speaker.publish(event, tts),
      error: (error: unknown) => this.hub.logger.warn('room speech failed', { room: this.name, error: String(error) }),
    });
    subscription.add(() => speaker.release());
    return subscription;
  }
}
