import { describe, expect, test } from 'vitest';
import { ChatStreamReader, type ChatStreamEvent } from './sse-chunks.js';

const encode = (text: string) => new TextEncoder().encode(text);
const event = (content: string) => `data: ${JSON.stringify({ choices: [{ delta: { content } }] })}\n\n`;

/** Feeds `bytes` cut at every offset in `cuts`; returns all events. */
function feedCut(bytes: Uint8Array, cuts: number[]): ChatStreamEvent[] {
  const reader = new ChatStreamReader();
  const bounds = [0, ...cuts, bytes.length];
  return bounds.slice(1).flatMap((end, i) => reader.feed(bytes.subarray(bounds[i], end)));
}

describe('ChatStreamReader', () => {
  const stream = `${event('Héllo')}: keep-alive\r\n\r\n${event(' 👋')}data: {"choices":[{"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n`;
  const expected: ChatStreamEvent[] = [{ type: 'token', text: 'Héllo' }, { type: 'token', text: ' 👋' }, { type: 'done' }];

  test('reads tokens, skips comments and empty deltas, ends at [DONE]', () => {
    expect(feedCut(encode(stream), [])).toEqual(expected);
  });

  test('any cut of the bytes, even inside a UTF-8 character, gives the same events', () => {
    const bytes = encode(stream);
    for (let cut = 1; cut < bytes.length; cut++) expect(feedCut(bytes, [cut])).toEqual(expected);
    expect(
      feedCut(
        bytes,
        Array.from({ length: bytes.length - 1 }, (_, i) => i + 1),
      ),
    ).toEqual(expected);
  });

  test('an error event or bad JSON becomes an error event after the tokens before it', () => {
    const events = feedCut(encode(`${event('ok')}data: {"error":{"message":"boom"}}\n\ndata: {oops\n\n`), []);
    expect(events[0]).toEqual({ type: 'token', text: 'ok' });
    expect(events[1]).toMatchObject({ type: 'error', error: { code: 'INTERNAL', message: expect.stringContaining('boom') } });
    expect(events[2]).toMatchObject({ type: 'error', error: { code: 'INTERNAL', message: expect.stringContaining('JSON') } });
  });
});
