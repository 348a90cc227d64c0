import { ParleyError } from '@parley/core';
import type { LanguageModel } from './language-model.js';
import { VOICE_SYSTEM_PROMPT } from './language-model.js';
import { LocalResponder, type LocalResponderOptions } from './local-responder.js';
import { OpenAIChat } from './openai-chat.js';

/**
 * The language model the environment configures:
 *
 * - `PARLEY_LLM_URL`: an OpenAI-compatible base URL (`…/v1`); without it, the {@link LocalResponder};
 * - `PARLEY_LLM_MODEL`: the model name (required with a URL);
 * - `PARLEY_LLM_API_KEY`: the bearer key, if the service wants one (never `OPENAI_API_KEY`,
 *   which must not go to whatever server the URL names);
 * - `PARLEY_LLM_SYSTEM_PROMPT`: replaces `VOICE_SYSTEM_PROMPT`.
 *
 * @param local - options for the local responder when it is the choice (a test's clock).
 * @throws ParleyError INVALID_INPUT for a URL without a model.
 */
export function languageModelFromEnv(env: NodeJS.ProcessEnv = process.env, local: LocalResponderOptions = {}): LanguageModel {
  const url = env.PARLEY_LLM_URL?.trim();
  if (!url) return new LocalResponder(local);
  const model = env.PARLEY_LLM_MODEL?.trim();
  if (!model) throw new ParleyError('INVALID_INPUT', 'PARLEY_LLM_URL is set but PARLEY_LLM_MODEL is not');
  return new OpenAIChat({
    url,
    model,
    apiKey: env.PARLEY_LLM_API_KEY || undefined,
    systemPrompt: env.PARLEY_LLM_SYSTEM_PROMPT || VOICE_SYSTEM_PROMPT,
  });
}
