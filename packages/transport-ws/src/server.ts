import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ParleyError, toParleyError, type TextToSpeech } from '@parley/core';
import { Authenticator, type AuthOptions } from './auth/authenticator.js';
import type { Principal } from './auth/principal.js';
import { sendError, statusFor } from './http/errors.js';
import { routeRequest, type RouterContext } from './http/router.js';
import type { SpeechResponse } from './http/speech-response.js';
import { resolveLimits, type Limits } from './limits.js';
import { consoleLogger, type Logger } from './logger.js';
import type { AcceptConversation } from './conversation/conversation.js';
import { acceptConversation } from './conversation/conversation-endpoint.js';
import { acceptRoomListener } from './rooms/room-endpoint.js';
import { RoomHub } from './rooms/room-hub.js';
import { SessionSlots } from './session-slots.js';
import { acceptSpeechSession, refuseSpeechSession, type SpeechStreamContext } from './speech/speech-endpoint.js';
import { neutralSynthesisOptions, type SynthesisOptionsMapper } from './speech/synthesis-options.js';
import type { SpeechSession } from './speech/speech-session.js';
import { CloseCode } from './ws/close-codes.js';
import { closeWithError } from './ws/messages.js';
import { wsRoute, type WsRoute } from './ws/routes.js';

/** Options for {@link createSpeechServer}. */
export interface SpeechServerOptions {
  /** The engine every session speaks with. */
  tts: TextToSpeech;
  /**
   * What a request's fields mean to the engine: a `session.config`'s or a REST body's, in
   * vLLM-Omni's names. Default {@link neutralSynthesisOptions}: voice, language and seed. For
   * Qwen3-TTS pass `speechRequestOptions` from @parley/tts-qwen3, which adds `max_new_tokens`
   * and `initial_codec_chunk_frames`.
   */
  synthesisOptions?: SynthesisOptionsMapper;
  /** LiveKit-token auth, or `{ disabled: true }` (logged as a warning when the server starts). */
  auth: AuthOptions;
  /** Bounds; see {@link DEFAULT_LIMITS}. */
  limits?: Partial<Limits>;
  /** Default: warnings and errors to stderr. */
  logger?: Logger;
  /** Whether the engine can take work, for `/readyz`. Default: always. */
  ready?: () => boolean;
  /** Rooms to serve; default a new hub with these limits, as `server.rooms`. */
  rooms?: RoomHub;
  /**
   * Serves `WS /v1/conversation` (a page's microphone in, an application's speech and events
   * out; see `ConversationHandler`): makes the handler of each page that connects. Without it
   * the path is a 404.
   */
  conversations?: AcceptConversation;
  /**
   * Answers the HTTP requests the API has no route for (a web page's files, say); without it
   * they are answered 404. A failure costs that request only.
   */
  pages?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

/**
 * parley's speech server: one HTTP server carrying
 * - `WS /v1/audio/speech/stream`: text in, audio out (vLLM-Omni's protocol plus `input.cancel`);
 * - `POST /v1/audio/speech`: OpenAI-style speech, streamed;
 * - `WS /v1/rooms/:room`: listeners of what is spoken into a room;
 * - `WS /v1/conversation`, with the `conversations` option: a page's microphone in, speech out;
 * - `GET /healthz`, `GET /readyz`.
 *
 * Built on node:http and `ws` rather than fastify: the API is four routes, and the part that
 * matters — per-socket `bufferedAmount`, `maxPayload`, the upgrade step where tokens are checked,
 * `terminate()` — is ws's own API; fastify's websocket plugin would wrap the same ws sockets
 * under a framework whose routing, schemas and hooks this server does not need.
 */
export class SpeechServer {
  /** The rooms this server serves. */
  readonly rooms: RoomHub;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly auth: Authenticator;
  private readonly limits: Limits;
  private readonly logger: Logger;
  private readonly context: Omit<SpeechStreamContext, 'principal'> & RouterContext;
  private readonly sockets = new Set<WebSocket>();
  private readonly conversations: AcceptConversation | undefined;
  private readonly tts: TextToSpeech;
  private closing: Promise<void> | undefined;
  private address: AddressInfo | undefined;

  /** @throws ParleyError UNAUTHORIZED when auth is on and no API key and secret are found. */
  constructor(options: SpeechServerOptions) {
    this.limits = resolveLimits(options.limits);
    this.logger = options.logger ?? consoleLogger;
    this.auth = new Authenticator(options.auth);
    this.rooms = options.rooms ?? new RoomHub({ limits: this.limits, logger: this.logger });
    const ready = options.ready ?? (() => true);
    this.conversations = options.conversations;
    this.tts = options.tts;
    this.context = {
      tts: options.tts,
      synthesisOptions: options.synthesisOptions ?? neutralSynthesisOptions,
      auth: this.auth,
      limits: this.limits,
      logger: this.logger,
      rooms: this.rooms,
      slots: new SessionSlots(this.limits.maxSessions),
      sessions: new Set<SpeechSession>(),
      responses: new Set<SpeechResponse>(),
      ready,
      closing: () => this.closing !== undefined,
      ...(options.pages ? { pages: options.pages } : {}),
    };
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.limits.maxMessageBytes });
    // A bug in a route must cost one request, not the process and every live session with it.
    this.http = createServer(
      (req, res) => void routeRequest(req, res, this.context).catch((error: unknown) => this.failRequest(res, error)),
    );
    this.http.on(
      'upgrade',
      (req, socket, head) => void this.upgrade(req, socket, head).catch((error: unknown) => this.failUpgrade(socket, error)),
    );
  }

  /** The base URL (`http://host:port`) once listening; empty before. */
  get url(): string {
    if (!this.address) return '';
    const host = this.address.family === 'IPv6' ? `[${this.address.address}]` : this.address.address;
    return `http://${host}:${this.address.port}`;
  }

  /** Speech sessions running now (WebSocket and REST). */
  get activeSessions(): number {
    return this.context.slots.active;
  }

  /** Listens on `port` (0: any free port) and `host`; resolves to {@link url}. */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    this.address = this.http.address() as AddressInfo;
    if (this.auth.disabled) {
      this.logger.warn('auth is DISABLED: anyone who can reach this server may use it', { url: this.url });
    }
    this.logger.info('speech server listening', { url: this.url });
    return this.url;
  }

  /**
   * Shuts down gracefully: stops accepting connections; ends each speech session's sentence in
   * progress with `audio.done {error: true}` and closes it (1001); aborts REST responses in
   * flight; closes listeners (1001); then waits up to `closeTimeoutMs` for sockets to finish
   * closing and destroys the rest. Idempotent. Call it on SIGTERM (see {@link closeOnSignals}).
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const httpClosed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    const goingAway = new ParleyError('CANCELLED', 'server shutting down');
    for (const session of this.context.sessions) session.end(goingAway, CloseCode.GOING_AWAY);
    for (const response of this.context.responses) response.abort();
    for (const ws of this.sockets) ws.close(CloseCode.GOING_AWAY, 'server shutting down');
    this.http.closeIdleConnections();
    const socketsClosed = [...this.sockets].map((ws) => new Promise((resolve) => ws.once('close', resolve)));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise((resolve) => (timer = setTimeout(resolve, this.limits.closeTimeoutMs)));
    await Promise.race([Promise.all(socketsClosed), timeout]);
    clearTimeout(timer);
    for (const ws of this.sockets) ws.terminate();
    this.http.closeAllConnections();
    await httpClosed;
    this.wss.close();
    this.logger.info('speech server closed');
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy()); // a peer that vanishes mid-handshake is not our error
    let route: WsRoute | undefined;
    try {
      route = wsRoute(req.url);
    } catch (error) {
      return rejectUpgrade(socket, toParleyError(error));
    }
    if (!route || (route.kind === 'conversation' && !this.conversations)) {
      return rejectUpgrade(socket, new ParleyError('INVALID_INPUT', 'no such WebSocket endpoint'), 404);
    }
    const principal = await this.auth.authenticate(req).catch((error: unknown) => toParleyError(error));
    if (this.closing) return rejectUpgrade(socket, new ParleyError('CANCELLED', 'server shutting down'));
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, route, principal));
  }

  private failRequest(res: ServerResponse, error: unknown): void {
    this.logger.error('http request failed', { message: String(error) });
    if (res.headersSent) res.destroy();
    else sendError(res, new ParleyError('INTERNAL', 'internal error'));
  }

  private failUpgrade(socket: Duplex, error: unknown): void {
    this.logger.error('websocket upgrade failed', { message: String(error) });
    socket.destroy();
  }

  private accept(ws: WebSocket, route: WsRoute, principal: Principal | ParleyError): void {
    this.sockets.add(ws);
    ws.once('close', () => this.sockets.delete(ws));
    ws.on('error', (error) => this.logger.warn('websocket error', { message: error.message }));
    if (principal instanceof ParleyError && route.kind === 'speech') return refuseSpeechSession(ws, principal);
    if (principal instanceof ParleyError) return closeWithError(ws, principal);
    if (route.kind === 'room') return acceptRoomListener(ws, route.room, principal, this.rooms);
    if (route.kind === 'conversation') return this.acceptConversation(ws, principal);
    acceptSpeechSession(ws, { ...this.context, principal });
  }

  private acceptConversation(ws: WebSocket, principal: Principal): void {
    const { slots, limits } = this.context;
    const context = { slots, principal, sampleRate: this.tts.sampleRate, maxBufferedBytes: limits.sessionMaxBufferedBytes };
    acceptConversation(ws, { ...context, accept: this.conversations! });
  }
}

/**
 * Creates a {@link SpeechServer}; call `listen()` to start it.
 *
 * @example
 * ```ts
 * const server = createSpeechServer({ tts, auth: { apiKey, apiSecret } });
 * console.log(await server.listen(8080, '0.0.0.0'));
 * closeOnSignals(server);
 * ```
 */
export function createSpeechServer(options: SpeechServerOptions): SpeechServer {
  return new SpeechServer(options);
}

/**
 * Closes `server` gracefully on the first of `signals` (default SIGTERM and SIGINT), as a CLI
 * wants; returns a function that removes the handlers.
 */
export function closeOnSignals(server: SpeechServer, signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): () => void {
  const onSignal = (): void => {
    remove();
    void server.close();
  };
  const remove = (): void => {
    for (const signal of signals) process.off(signal, onSignal);
  };
  for (const signal of signals) process.once(signal, onSignal);
  return remove;
}

/** Answers an upgrade request with a plain HTTP error (as {@link sendError} would) and drops the socket. */
function rejectUpgrade(socket: Duplex, error: ParleyError, status = statusFor(error)): void {
  const body = JSON.stringify({ error: { code: error.code, message: error.message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
