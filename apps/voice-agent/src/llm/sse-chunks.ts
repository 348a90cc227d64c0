import { ParleyError } from '@parley/core';
import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** What one `data:` event of a chat-completions stream says. */
export type ChatStreamEvent = { type: 'token'; text: string } | { type: 'done' } | { type: 'error'; error: ParleyError };

/**
 * Reads the server-sent events of an OpenAI-style chat-completions stream: `data: {json}` events
 * whose `choices[0].delta.content` is the next piece of text, ending with `data: [DONE]`.
 *
 * The SSE framing (lines split anywhere across network chunks, `\r\n` or `\n`, comments such as
 * `: keep-alive`, multi-line data) is left to `eventsource-parser`, a small, dependency-free and
 * widely used parser (it is what the Vercel AI SDK and the OpenAI-compatible clients of several
 * frameworks use), rather than a hand-written line splitter.
 */
export class ChatStreamReader {
  private readonly decoder = new TextDecoder();
  private pending: EventSourceMessage[] = [];
  private readonly parser = createParser({ onEvent: (event) => this.pending.push(event) });

  /**
   * Feeds the next bytes of the body; returns the events they complete, in order. A malformed
   * or error event becomes an `error` event in its place, so the tokens before it still count.
   */
  feed(bytes: Uint8Array): ChatStreamEvent[] {
    this.parser.feed(this.decoder.decode(bytes, { stream: true }));
    const events = this.pending;
    this.pending = [];
    return events.flatMap((event) => {
      try {
        return toChatEvent(event.data);
      } catch (error) {
        return [{ type: 'error', error: error as ParleyError }];
      }
    });
  }
}

/** One event's meaning; throws a ParleyError for a malformed or error event. */
function toChatEvent(data: string): ChatStreamEvent[] {
  if (data.trim() === '[DONE]') return [{ type: 'done' }];
  let chunk: { choices?: { delta?: { content?: unknown } }[]; error?: { message?: unknown } | string };
  try {
    chunk = JSON.parse(data) as typeof chunk;
  } catch (error) {
    throw new ParleyError('INTERNAL', `LLM stream carried something other than JSON: ${data.slice(0, 100)}`, { cause: error });
  }
  if (chunk.error !== undefined) {
    const message = typeof chunk.error === 'string' ? chunk.error : String(chunk.error.message ?? 'unknown error');
    throw new ParleyError('INTERNAL', `LLM failed mid-answer: ${message}`, { retryable: true });
  }
  const content = chunk.choices?.[0]?.delta?.content;
  // The first chunk often carries only `{role: "assistant"}`, the last only a finish_reason.
  return typeof content === 'string' && content.length > 0 ? [{ type: 'token', text: content }] : [];
}
