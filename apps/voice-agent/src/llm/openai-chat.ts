import { ParleyError } from '@parley/core';
import { Deadline, errorFromFailure, errorFromResponse } from '@parley/core/http';
import { Observable, type Subscriber } from 'rxjs';
import type { ChatMessage, LanguageModel } from './language-model.js';
import { ChatStreamReader } from './sse-chunks.js';

const SERVICE = 'LLM';

/** Options of {@link OpenAIChat}. */
export interface OpenAIChatOptions {
  /** The API's base URL, up to and including `/v1` (e.g. `http://127.0.0.1:11434/v1` for Ollama). */
  url: string;
  /** The model name the server expects. */
  model: string;
  /** Sent as `Authorization: Bearer …` when given. */
  apiKey?: string;
  /** Put first in every request; `VOICE_SYSTEM_PROMPT` suits spoken answers. None by default. */
  systemPrompt?: string;
  /** Sampling temperature; the server's default when absent. */
  temperature?: number;
  /** Cap on the answer's tokens (`max_tokens`); the server's default when absent. */
  maxTokens?: number;
  /** Longest wait for the response to start. Default 30 s (a cold model may load first). */
  timeoutMs?: number;
  /** Longest silence between two chunks of the stream. Default 30 s. */
  idleTimeoutMs?: number;
}

/**
 * A {@link LanguageModel} for OpenAI-compatible servers (`POST {url}/chat/completions` with
 * `stream: true`: OpenAI, vLLM, llama.cpp's server, Ollama, LM Studio, Groq, ...). Tokens are
 * emitted as the server-sent events arrive.
 *
 * Unsubscribing aborts the fetch, which closes the connection (the server sees it and can stop
 * generating); nothing is emitted after. Errors are ParleyErrors, statuses read by core's one
 * table (`errorFromResponse`: 401/403 UNAUTHORIZED, 404 MODEL_NOT_FOUND, 429/503 OVERLOADED,
 * other 4xx INVALID_INPUT, 5xx INTERNAL); an error event mid-stream and timeouts INTERNAL, network
 * failures NETWORK (both retryable); an aborted `signal` CANCELLED.
 *
 * @example
 * ```ts
 * const llm = new OpenAIChat({ url: 'http://127.0.0.1:11434/v1', model: 'llama3.2', systemPrompt: VOICE_SYSTEM_PROMPT });
 * llm.reply([{ role: 'user', content: 'Hi!' }]).subscribe((token) => process.stdout.write(token));
 * ```
 */
export class OpenAIChat implements LanguageModel {
  private readonly endpoint: string;

  constructor(private readonly options: OpenAIChatOptions) {
    this.endpoint = `${options.url.replace(/\/+$/, '')}/chat/completions`;
  }

  /** Streams the answer to `history`; see the class for cancellation and errors. */
  reply(history: readonly ChatMessage[], signal?: AbortSignal): Observable<string> {
    return new Observable<string>((subscriber) => {
      const deadline = new Deadline(signal);
      void this.stream(history, deadline, subscriber);
      return () => deadline.dispose(); // aborts the fetch when still running
    });
  }

  /** Names the model and where it runs; never the key. */
  describe(): string {
    return `LLM: ${this.options.model} at ${this.options.url}`;
  }

  private async stream(history: readonly ChatMessage[], deadline: Deadline, subscriber: Subscriber<string>): Promise<void> {
    const { timeoutMs = 30_000, idleTimeoutMs = 30_000 } = this.options;
    try {
      deadline.arm(timeoutMs, `no answer within ${timeoutMs} ms`);
      const response = await fetch(this.endpoint, {
        method: 'POST',
        headers: this.headers(),
        body: JSON.stringify(this.body(history)),
        signal: deadline.signal,
      });
      if (!response.ok) throw await errorFromResponse(SERVICE, response);
      if (!response.body) throw new ParleyError('INTERNAL', `${SERVICE} answered without a body`);
      const reader = new ChatStreamReader();
      deadline.arm(idleTimeoutMs, `the stream stalled for ${idleTimeoutMs} ms`);
      for await (const bytes of response.body) {
        deadline.arm(idleTimeoutMs, `the stream stalled for ${idleTimeoutMs} ms`);
        for (const event of reader.feed(bytes)) {
          if (subscriber.closed) return;
          if (event.type === 'done') return subscriber.complete();
          if (event.type === 'error') throw event.error;
          subscriber.next(event.text);
        }
      }
      subscriber.complete(); // some servers end without [DONE]
    } catch (error) {
      if (subscriber.closed) return; // unsubscribed: the abort is ours and nobody is listening
      subscriber.error(error instanceof ParleyError ? error : errorFromFailure(SERVICE, error, deadline));
    } finally {
      deadline.dispose();
    }
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    return headers;
  }

  private body(history: readonly ChatMessage[]): Record<string, unknown> {
    const { model, systemPrompt, temperature, maxTokens } = this.options;
    const messages = systemPrompt ? [{ role: 'system', content: systemPrompt }, ...history] : history;
    return {
      model,
      messages,
      stream: true,
      ...(temperature === undefined ? {} : { temperature }),
      ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }),
    };
  }
}
