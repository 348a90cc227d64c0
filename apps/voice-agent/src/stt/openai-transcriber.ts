import { encodeWav, ParleyError, toParleyError, wavFromFrames, type PcmFrame } from '@parley/core';
import { Deadline, errorFromFailure, errorFromResponse } from '@parley/core/http';
import type { SpeechToText, TranscribeOptions, Transcript } from './speech-to-text.js';

const SERVICE = 'speech-to-text';

/** Options of {@link OpenAITranscriber}. */
export interface OpenAITranscriberOptions {
  /** The API's base URL, up to and including `/v1` (e.g. `http://127.0.0.1:8000/v1`). */
  url: string;
  /** The model name the service expects (`whisper-1`, `Systran/faster-whisper-small`, ...). */
  model: string;
  /** Sent as `Authorization: Bearer …` when given. */
  apiKey?: string;
  /** Default language for every request (ISO-639-1); a request's own wins. */
  language?: string;
  /** Longest wait for the whole answer. Default 30 s: a few seconds of speech take well under. */
  timeoutMs?: number;
}

/**
 * A {@link SpeechToText} for OpenAI-compatible servers (`POST {url}/audio/transcriptions`:
 * OpenAI, Groq, faster-whisper-server / speaches, whisper.cpp's server, vLLM): the audio goes up
 * as a 16-bit WAV file in a multipart form with `model`, `language` and
 * `response_format=json`; the answer is `{"text": …}`.
 *
 * Errors are ParleyErrors, statuses read by core's one table (`errorFromResponse`: 401/403
 * UNAUTHORIZED, 404 MODEL_NOT_FOUND, 429/503 OVERLOADED, other 4xx INVALID_INPUT, 5xx INTERNAL);
 * timeouts INTERNAL and network failures NETWORK (both retryable); an aborted `signal` CANCELLED, with the
 * HTTP request closed.
 *
 * @example
 * ```ts
 * const stt = new OpenAITranscriber({ url: 'https://api.openai.com/v1', model: 'whisper-1', apiKey });
 * const { text } = await stt.transcribe([segment.audio]);
 * ```
 */
export class OpenAITranscriber implements SpeechToText {
  private readonly endpoint: string;

  constructor(private readonly options: OpenAITranscriberOptions) {
    this.endpoint = `${options.url.replace(/\/+$/, '')}/audio/transcriptions`;
  }

  /** Sends one utterance and returns its text. See the class for the errors. */
  async transcribe(audio: readonly PcmFrame[] | Int16Array, opts: TranscribeOptions = {}, signal?: AbortSignal): Promise<Transcript> {
    const { wav, durationMs } = toWav(audio, opts.sampleRate);
    const deadline = new Deadline(signal);
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    deadline.arm(timeoutMs, `no transcript within ${timeoutMs} ms`);
    try {
      const response = await fetch(this.endpoint, {
        method: 'POST',
        headers: this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {},
        body: this.form(wav, opts),
        signal: deadline.signal,
      });
      if (!response.ok) throw await errorFromResponse(SERVICE, response);
      return { ...parseTranscript(await response.text()), durationMs };
    } catch (error) {
      if (error instanceof ParleyError) throw error;
      throw errorFromFailure(SERVICE, error, deadline);
    } finally {
      deadline.dispose();
    }
  }

  /** Names the model and where it runs; never the key. */
  describe(): string {
    return `STT: ${this.options.model} at ${this.options.url}`;
  }

  private form(wav: Uint8Array, opts: TranscribeOptions): FormData {
    const form = new FormData();
    form.append('file', new Blob([wav as Uint8Array<ArrayBuffer>], { type: 'audio/wav' }), 'speech.wav');
    form.append('model', this.options.model);
    form.append('response_format', 'json');
    const language = opts.language ?? this.options.language;
    if (language) form.append('language', language);
    if (opts.prompt) form.append('prompt', opts.prompt);
    return form;
  }
}

/** The audio as a WAV file, and its length. */
function toWav(audio: readonly PcmFrame[] | Int16Array, sampleRate = 16_000): { wav: Uint8Array; durationMs: number } {
  try {
    if (audio instanceof Int16Array) {
      if (audio.length === 0) throw new ParleyError('INVALID_INPUT', 'no audio to transcribe');
      return { wav: encodeWav(audio, { sampleRate }), durationMs: (audio.length * 1000) / sampleRate };
    }
    const durationMs = audio.reduce((sum, frame) => sum + frame.durationMs, 0);
    if (durationMs === 0) throw new ParleyError('INVALID_INPUT', 'no audio to transcribe');
    return { wav: wavFromFrames(audio), durationMs };
  } catch (error) {
    throw toParleyError(error);
  }
}

/** `{text, language?}` from the JSON answer. */
function parseTranscript(body: string): { text: string; language?: string } {
  let parsed: { text?: unknown; language?: unknown };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch (error) {
    throw new ParleyError('INTERNAL', `${SERVICE} answered something other than JSON: ${body.slice(0, 100)}`, { cause: error });
  }
  if (typeof parsed.text !== 'string') throw new ParleyError('INTERNAL', `${SERVICE} answered JSON without "text"`);
  const text = parsed.text.trim();
  return typeof parsed.language === 'string' ? { text, language: parsed.language } : { text };
}
