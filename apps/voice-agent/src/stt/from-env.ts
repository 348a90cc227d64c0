import { ParleyError } from '@parley/core';
import { NoSpeechToText } from './no-speech-to-text.js';
import { OpenAITranscriber } from './openai-transcriber.js';
import type { SpeechToText } from './speech-to-text.js';

/**
 * The recognizer the environment configures:
 *
 * - `PARLEY_STT_URL`: an OpenAI-compatible base URL (`…/v1`); without it, {@link NoSpeechToText};
 * - `PARLEY_STT_MODEL`: the model name (required with a URL);
 * - `PARLEY_STT_API_KEY`: the bearer key, if the service wants one. Deliberately not
 *   `OPENAI_API_KEY`: that key must not be sent to whatever server the URL names;
 * - `PARLEY_STT_LANGUAGE`: the spoken language (ISO-639-1), else detected.
 *
 * @throws ParleyError INVALID_INPUT for a URL without a model.
 */
export function speechToTextFromEnv(env: NodeJS.ProcessEnv = process.env): SpeechToText {
  const url = env.PARLEY_STT_URL?.trim();
  if (!url) return new NoSpeechToText();
  const model = env.PARLEY_STT_MODEL?.trim();
  if (!model) throw new ParleyError('INVALID_INPUT', 'PARLEY_STT_URL is set but PARLEY_STT_MODEL is not');
  return new OpenAITranscriber({
    url,
    model,
    apiKey: env.PARLEY_STT_API_KEY || undefined,
    language: env.PARLEY_STT_LANGUAGE || undefined,
  });
}
