/**
 * @parley/transport-ws: parley's speech server over HTTP and WebSocket — the speech-stream
 * protocol of vLLM-Omni (plus barge-in), OpenAI-style REST speech, rooms that fan audio out to
 * listeners, a page's microphone in and an agent's speech out (conversations), and
 * LiveKit-token auth.
 * @packageDocumentation
 */
export { createSpeechServer, closeOnSignals, SpeechServer, type SpeechServerOptions } from './server.js';
export { DEFAULT_LIMITS, type Limits } from './limits.js';
export { consoleLogger, silentLogger, type Logger, type LogFields } from './logger.js';

export type { AuthOptions } from './auth/authenticator.js';
export type { Principal } from './auth/principal.js';

export { RoomHub, type RoomHubOptions } from './rooms/room-hub.js';
export { Room } from './rooms/room.js';
export { RoomSpeaker } from './rooms/room-speaker.js';
export type { AudioFormat, LiveSentence, SentenceHeader } from './rooms/room-channel.js';
export type * from './rooms/room-messages.js';

export type { SessionConfig } from './speech/protocol.js';
export { neutralSynthesisOptions, type SynthesisFields, type SynthesisOptionsMapper } from './speech/synthesis-options.js';
export type * from './speech/server-messages.js';
export type { ErrorMessage, OutboundMessage } from './ws/messages.js';
export type { ResponseFormat } from './speech/fields.js';
export type * from './conversation/conversation.js';
export type { ConversationClientMessage, ConversationServerMessage, HelloMessage } from './conversation/conversation-protocol.js';
export type { SpeechBody } from './http/speech-body.js';
export { HTTP_PATHS } from './http/router.js';
export { parseRequestTarget, type RequestTarget } from './http/request-target.js';
export { WS_PATHS } from './ws/routes.js';
export { CloseCode } from './ws/close-codes.js';
