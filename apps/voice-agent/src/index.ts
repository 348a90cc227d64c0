/**
 * @parley/voice-agent: the voice agent that listens, thinks and speaks — the loop with barge-in,
 * its listening (VAD, turns), thinking (STT, LLM) and speaking parts, its web page and its
 * LiveKit room agent. The `parley agent` command (@parley/cli) runs it.
 * @packageDocumentation
 */
export * from './agent/index.js';
export * from './listen/index.js';
export * from './llm/index.js';
export * from './stt/index.js';

export { startAgentServer, type AgentServer, type AgentServerOptions } from './web/agent-server.js';
export { agentConversations, type SessionParts } from './web/agent-conversation.js';

export { RoomAgent, type RoomAgentParts } from './livekit/room-agent.js';
export { firstMicrophone } from './livekit/first-microphone.js';
export { SpeechTrackOut } from './livekit/speech-track-out.js';
