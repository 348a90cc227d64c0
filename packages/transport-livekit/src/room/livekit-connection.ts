import { Room, TrackPublishOptions, TrackSource, type LocalAudioTrack } from '@livekit/rtc-node';
import { ParleyError, retry, toParleyError, type PcmFrame } from '@parley/core';
import type { Observable } from 'rxjs';
import { listenToParticipant } from '../listen/listen-to-participant.js';
import { resolveAccessToken, type RoomCredentials } from './access-token.js';
import { toConnectionError } from './connection-error.js';
import type { ListenOptions, PublishedTrack, RoomConnection } from './room-connection.js';

/** Options for {@link LiveKitConnection.connect}. */
export interface ConnectOptions extends RoomCredentials {
  /** The LiveKit server, `wss://…` (or `ws://` for a local one). */
  url: string;
  /**
   * Give up joining after this long. Default 10 000 ms; rtc-node's own limit is about 16 s
   * (measured against a server that accepts TCP and never answers).
   */
  timeoutMs?: number;
  /** Tries in all when the failure is retryable (refused, 5xx, timeout). Default 3. */
  attempts?: number;
  /** Wait before the first retry, doubled for each next one. Default 500 ms. */
  retryDelayMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_ATTEMPTS = 3;
const DEFAULT_RETRY_DELAY_MS = 500;

/**
 * A {@link RoomConnection} on @livekit/rtc-node's `Room`: joins with auto-subscribe and dynacast
 * on, publishes audio as the microphone, listens with `listenToParticipant`. The rtc-node
 * `room` is exposed for everything else (data, RPC, participants).
 *
 * Untested here beyond the failure to connect: no LiveKit server can run on these machines.
 *
 * @example
 * ```ts
 * const connection = await LiveKitConnection.connect({ url: 'wss://example.livekit.cloud', identity: 'agent', room: 'lobby' });
 * const published = await connection.publishAudio(speaker.track);
 * ```
 */
export class LiveKitConnection implements RoomConnection {
  /** The rtc-node room, connected. */
  readonly room: Room;
  #disconnected = false;

  private constructor(room: Room) {
    this.room = room;
  }

  /**
   * Joins the room, minting a token first when not given one (see `resolveAccessToken`).
   * Retryable failures are tried `attempts` times in all, with exponential backoff (core's
   * `retry`); a rejected token or a bad URL fails at once.
   * @throws ParleyError UNAUTHORIZED for a rejected token (or none to be had), INVALID_INPUT for
   *   a bad URL, INTERNAL (retryable) when the server cannot be reached in `timeoutMs`.
   */
  static async connect(options: ConnectOptions): Promise<LiveKitConnection> {
    const token = await resolveAccessToken(options);
    const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
    const baseDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
    return retry(() => LiveKitConnection.joinOnce(options, token), { attempts, baseDelayMs });
  }

  private static async joinOnce(options: ConnectOptions, token: string): Promise<LiveKitConnection> {
    const room = new Room();
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const joining = room.connect(options.url, token, { autoSubscribe: true, dynacast: true });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([joining, timeout]);
    } catch (error) {
      // A join that succeeds after the timeout must not stay connected unseen.
      joining.then(() => room.disconnect(), () => undefined);
      throw toConnectionError(error, options.url);
    } finally {
      clearTimeout(timer);
    }
    return new LiveKitConnection(room);
  }

  /**
   * Wraps a Room that is already connected — LiveKit Agents' `ctx.room`, say. Its
   * {@link disconnect} leaves that room; `publishSpeech` never calls it on a connection it was
   * given.
   */
  static wrap(room: Room): LiveKitConnection {
    return new LiveKitConnection(room);
  }

  /** This participant's identity. */
  get identity(): string {
    return this.room.localParticipant?.identity ?? '';
  }

  /** Publishes `track` as the microphone (`TrackSource.SOURCE_MICROPHONE`). */
  async publishAudio(track: LocalAudioTrack): Promise<PublishedTrack> {
    const participant = this.room.localParticipant;
    if (this.#disconnected || !participant) throw new ParleyError('INVALID_INPUT', 'not connected to a room');
    try {
      const options = new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE });
      const publication = await participant.publishTrack(track, options);
      const sid = publication.sid ?? '';
      let unpublished = false;
      return {
        sid,
        unpublish: async () => {
          if (unpublished || this.#disconnected) return;
          unpublished = true;
          await participant.unpublishTrack(sid);
        },
      };
    } catch (error) {
      throw toParleyError(error);
    }
  }

  /** The microphone audio of `identity`; see `listenToParticipant`. */
  remoteAudio(identity: string, options?: ListenOptions): Observable<PcmFrame> {
    return listenToParticipant(this.room, identity, options);
  }

  /** Leaves the room. Idempotent. */
  async disconnect(): Promise<void> {
    if (this.#disconnected) return;
    this.#disconnected = true;
    await this.room.disconnect();
  }
}
