/**
 * Thinking: the language-model interface, an OpenAI-compatible streaming client, and the local
 * responder that answers when no model is configured.
 * @packageDocumentation
 */
export * from './from-env.js';
export * from './language-model.js';
export * from './local-responder.js';
export * from './local-script.js';
export * from './openai-chat.js';
