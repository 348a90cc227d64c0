import { ParleyError, toParleyError, type Playback, type PlaybackOptions, type SpeechInput } from '@parley/core';
import { SpeechTrack, type SpeechTrackOptions } from './output/speech-track.js';
import { LiveKitConnection, type ConnectOptions } from './room/livekit-connection.js';
import type { PublishedTrack, RoomConnection } from './room/room-connection.js';

/** Options for {@link publishSpeech}: where to publish (exactly one of the two), and the track. */
export interface PublishSpeechOptions extends SpeechTrackOptions {
  /** An open connection to publish on. It stays open when the publisher closes. */
  connection?: RoomConnection;
  /** Or a room to join (through `LiveKitConnection`); the publisher leaves it when it closes. */
  connect?: ConnectOptions;
}

/**
 * A speech track published in a room: speak into it one utterance at a time, cancel on
 * barge-in, and know what was heard. Made by {@link publishSpeech}.
 */
export class SpeechPublisher {
  /** The track and its source. */
  readonly speaker: SpeechTrack;
  /** The room connection it is published on. */
  readonly connection: RoomConnection;
  /** The published track's id in the room. */
  readonly sid: string;
  readonly #published: PublishedTrack;
  readonly #ownsConnection: boolean;
  #closing: Promise<void> | undefined;

  /** @internal use {@link publishSpeech} */
  constructor(speaker: SpeechTrack, connection: RoomConnection, published: PublishedTrack, ownsConnection: boolean) {
    this.speaker = speaker;
    this.connection = connection;
    this.#published = published;
    this.sid = published.sid;
    this.#ownsConnection = ownsConnection;
  }

  /** Speaks `speech$` into the room; see `SpeechTrack.speak`. */
  speak(speech$: SpeechInput, options?: PlaybackOptions): Playback {
    return this.speaker.speak(speech$, options);
  }

  /**
   * Cancels what is playing, unpublishes the track, closes it and its source, and leaves the
   * room if {@link publishSpeech} joined it. Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.speaker.current?.cancel();
    try {
      await this.#published.unpublish();
    } finally {
      await this.speaker.close();
      if (this.#ownsConnection) await this.connection.disconnect();
    }
  }
}

/**
 * Publishes a speech track — 24 kHz mono (or `sampleRate`), named `trackName`, as the
 * participant's microphone — on `connection`, or in the room that `connect` joins, with a token
 * given or minted from an API key and secret.
 *
 * @throws ParleyError INVALID_INPUT unless exactly one of `connection` and `connect` is given,
 *   or for a bad track option; the connection's errors (UNAUTHORIZED, INTERNAL retryable, …).
 *   Nothing is left open after a failure.
 *
 * @example
 * ```ts
 * const publisher = await publishSpeech({
 *   connect: { url: 'wss://my.livekit.cloud', identity: 'parley-agent', room: 'lobby' },
 * });
 * const playback = publisher.speak(tts.synthesize(llmTokens$));
 * // the user talks over the agent:
 * const heard = playback.cancel(); // heard.text: what to keep in the chat history
 * ```
 */
export async function publishSpeech(options: PublishSpeechOptions): Promise<SpeechPublisher> {
  if ((options.connection === undefined) === (options.connect === undefined)) {
    throw new ParleyError('INVALID_INPUT', 'publishSpeech needs exactly one of connection and connect');
  }
  const speaker = SpeechTrack.create(options);
  let connection = options.connection;
  try {
    connection ??= await LiveKitConnection.connect(options.connect!);
    const published = await connection.publishAudio(speaker.track);
    return new SpeechPublisher(speaker, connection, published, options.connection === undefined);
  } catch (error) {
    await speaker.close();
    if (options.connection === undefined) await connection?.disconnect();
    throw toParleyError(error);
  }
}
