/**
 * The bounds that keep one server's memory and work finite whatever its clients do.
 * Every field has a default ({@link DEFAULT_LIMITS}); pass only what you change.
 */
export interface Limits {
  /** Speech sessions at once, WebSocket and REST together; one more gets OVERLOADED. */
  maxSessions: number;
  /** Room listeners at once, all rooms together; one more gets OVERLOADED. */
  maxListeners: number;
  /** Characters of text one utterance (WS, until `input.done`) or one REST request may hold. */
  maxTextChars: number;
  /** Largest WebSocket message a client may send (ws `maxPayload`); a larger one closes with 1009. */
  maxMessageBytes: number;
  /** Largest REST request body. */
  maxBodyBytes: number;
  /** A speech socket that has not sent a valid `session.config` this long after connecting is closed. */
  configTimeoutMs: number;
  /**
   * A configured speech socket is closed after this long with no accepted client message and no
   * engine event (a refused message does not count).
   */
  idleTimeoutMs: number;
  /**
   * Audio queued for one speech client (WS `bufferedAmount`, HTTP `writableLength`) beyond which
   * it is disconnected and its generation cancelled: a speech stream never skips audio.
   */
  sessionMaxBufferedBytes: number;
  /** Audio a REST `stream: false` response may hold before it is sent whole; longer speech gets 413. */
  maxHeldResponseBytes: number;
  /** A REST response, from its request to its last byte, takes no longer than this. */
  responseTimeoutMs: number;
  /** A REST client that takes none of the bytes waiting for it for this long is dropped. */
  writeTimeoutMs: number;
  /** Queued bytes above which a room listener's audio frames are dropped (control messages are kept). */
  listenerHighWaterBytes: number;
  /** Queued bytes at which a room listener is disconnected at once. */
  listenerMaxBufferedBytes: number;
  /** A listener above the high-water mark for this long is disconnected. */
  slowListenerTimeoutMs: number;
  /** How long `close()` waits for sockets to say goodbye before destroying them. */
  closeTimeoutMs: number;
}

/**
 * The defaults, chosen for one machine serving a handful of voice agents. Byte bounds are
 * explained in seconds of parley's usual output, 24 kHz mono s16le (48 000 bytes/s).
 */
export const DEFAULT_LIMITS: Readonly<Limits> = {
  maxSessions: 16,
  maxListeners: 256,
  maxTextChars: 10_000,
  // vLLM-Omni caps an input.text message at 128 KiB; twice that leaves room for JSON escaping.
  maxMessageBytes: 256 * 1024,
  maxBodyBytes: 1024 * 1024,
  // vLLM-Omni's streaming-speech timeouts: for the first session.config, and idle.
  configTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  // ~44 s of 24 kHz audio: more than a reply a listener-paced client lets pile up.
  sessionMaxBufferedBytes: 4 * 1024 * 1024,
  // ~5.8 min of 24 kHz audio: a long answer; longer ones should be streamed.
  maxHeldResponseBytes: 16 * 1024 * 1024,
  // Ample for the longest input (maxTextChars) at real time on a slow machine.
  responseTimeoutMs: 15 * 60_000,
  // vLLM-Omni's idle timeout: a client that takes nothing for that long is not listening.
  writeTimeoutMs: 30_000,
  // ~5.5 s of 24 kHz audio behind: past that a live listener hears stale speech anyway.
  listenerHighWaterBytes: 256 * 1024,
  // ~22 s of 24 kHz audio: the most a listener costs the server.
  listenerMaxBufferedBytes: 1024 * 1024,
  slowListenerTimeoutMs: 5_000,
  closeTimeoutMs: 2_000,
};

/** The defaults with `overrides` applied. */
export function resolveLimits(overrides: Partial<Limits> = {}): Limits {
  return { ...DEFAULT_LIMITS, ...overrides };
}
