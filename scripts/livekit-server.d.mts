/** Types of scripts/livekit-server.mjs, for the tests that start a real LiveKit server. */

/** The pinned livekit-server release. */
export declare const LIVEKIT_SERVER_VERSION: string;

/** A running LiveKit server on loopback. */
export interface LiveKitServer {
  /** `ws://127.0.0.1:PORT`, for `Room.connect`. */
  readonly url: string;
  /** `http://127.0.0.1:PORT`, for the server API (RoomServiceClient). */
  readonly httpUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly pid: number | undefined;
  /** Ends the server (SIGTERM, then SIGKILL after 5 s) and removes its config. */
  stop(): Promise<void>;
  /** Kills the server (SIGKILL, as in a crash) and starts it again on the same ports and keys: every room is lost at once. */
  restart(): Promise<void>;
  /** Freezes the server (SIGSTOP): its sockets stay open and nothing answers, as in a network outage. */
  pause(): void;
  /** Lets a paused server run again (SIGCONT). */
  resume(): void;
}

/** The cached binary's path, built first (with `go install`) when missing. */
export declare function ensureLiveKitServer(): string;

/** Starts a server on free loopback ports with a generated key and secret. */
export declare function startLiveKitServer(options?: { timeoutMs?: number }): Promise<LiveKitServer>;
