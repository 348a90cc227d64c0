/**
 * The voice agent: the listen-think-speak loop with barge-in, and where its audio goes.
 * @packageDocumentation
 */
export type * from './agent-events.js';
export * from './audio-out.js';
export * from './conversation.js';
export * from './mic-clock.js';
export * from './reply-run.js';
export * from './voice-agent.js';
