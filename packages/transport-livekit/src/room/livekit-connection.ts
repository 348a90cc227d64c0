import { DisconnectReason, Room, RoomEvent, TrackPublishOptions, TrackSource, type LocalAudioTrack } from '@livekit/rtc-node';
import { ParleyError, retry, toParleyError, type PcmFrame } from '@parley/core';
import { Observable } from 'rxjs';
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

/**
 * How the link to the server changes once joined. rtc-node rejoins on its own, for as long as
 * it takes (measured: still retrying after 100 s of outage, back within about a second of the
 * server's return), so a loss shows as `reconnecting` then `reconnected`; `ended` is the server
 * ending this participant's session (removed, room deleted, same identity joined elsewhere).
 */
export type ConnectionChange = { type: 'reconnecting' } | { type: 'reconnected' } | { type: 'ended'; reason: string };

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_ATTEMPTS = 3;
const DEFAULT_RETRY_DELAY_MS = 500;

/**
 * A {@link RoomConnection} on @livekit/rtc-node's `Room`: joins with auto-subscribe and dynacast
 * on, publishes audio as the microphone, listens with `listenToParticipant`. The rtc-node
 * `room` is exposed for everything else (data, RPC, participants).
 *
 * Tested against a real LiveKit server by `npm run test:livekit`.
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
      joining.then(
        () => room.disconnect(),
        () => undefined,
      );
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
      let unpublished = false;
      return {
        sid: publication.sid ?? '',
        unpublish: async () => {
          if (unpublished || this.#disconnected) return;
          unpublished = true;
          // Looked up now: a rejoin after a lost connection republishes the track under a new sid.
          const current = [...participant.trackPublications.values()].find((published) => published.track === track);
          if (current?.sid) await participant.unpublishTrack(current.sid);
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

  /**
   * The connection's changes from now on, until it ends ({@link disconnect} ends it silently;
   * the server ending it emits `ended` first).
   */
  connectionChanges(): Observable<ConnectionChange> {
    return new Observable<ConnectionChange>((subscriber) => {
      const reconnecting = () => subscriber.next({ type: 'reconnecting' });
      const reconnected = () => subscriber.next({ type: 'reconnected' });
      const disconnected = (reason: DisconnectReason) => {
        if (!this.#disconnected) subscriber.next({ type: 'ended', reason: DisconnectReason[reason] ?? String(reason) });
        subscriber.complete();
      };
      this.room.on(RoomEvent.Reconnecting, reconnecting).on(RoomEvent.Reconnected, reconnected).on(RoomEvent.Disconnected, disconnected);
      return () =>
        void this.room
          .off(RoomEvent.Reconnecting, reconnecting)
          .off(RoomEvent.Reconnected, reconnected)
          .off(RoomEvent.Disconnected, disconnected);
    });
  }

  /** Leaves the room. Idempotent. */
  async disconnect(): Promise<void> {
    if (this.#disconnected) return;
    this.#disconnected = true;
    await this.room.disconnect();
  }
}
