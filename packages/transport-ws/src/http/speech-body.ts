import {
  asObject,
  booleanField,
  invalid,
  readSpeechFields,
  responseFormat,
  type ResponseFormat,
  type SpeechFields,
} from '../speech/fields.js';

/**
 * The body of `POST /v1/audio/speech`, OpenAI's `audio.speech.create` shape: `model` (accepted
 * and ignored), `input`, `voice`, `response_format` ("pcm" or "wav", default "wav"), `speed`
 * (1 only), plus vLLM-Omni's `stream`, `language`, `seed` and `max_new_tokens`.
 */
export interface SpeechBody extends SpeechFields {
  input: string;
  response_format: ResponseFormat;
  /** Chunked as audio is made (default), or one response with a Content-Length. */
  stream: boolean;
}

/**
 * Validates a parsed request body.
 * @throws ParleyError INVALID_INPUT naming the first bad field.
 */
export function parseSpeechBody(json: unknown, maxTextChars: number): SpeechBody {
  const body = asObject(json, 'the request body');
  const input = body.input;
  if (typeof input !== 'string' || input.trim() === '') throw invalid('input must be a non-empty string');
  if (input.length > maxTextChars) throw invalid(`input is longer than ${maxTextChars} characters`);
  return { ...readSpeechFields(body), input, response_format: responseFormat(body), stream: booleanField(body, 'stream', true) };
}
