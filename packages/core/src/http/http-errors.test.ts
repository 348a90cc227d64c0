import { describe, expect, it } from 'vitest';
import { httpStatusOf, type ErrorCode } from '../errors.js';
import { errorFromFailure, errorFromResponse } from './http-errors.js';

const answer = (status: number, body = '') => new Response(body, { status });

describe('errorFromResponse: one status table for every HTTP client', () => {
  it.each([
    [400, 'INVALID_INPUT', false],
    [401, 'UNAUTHORIZED', false],
    [403, 'UNAUTHORIZED', false],
    [404, 'MODEL_NOT_FOUND', false],
    [408, 'INTERNAL', true],
    [413, 'INVALID_INPUT', false],
    [429, 'OVERLOADED', true],
    [500, 'INTERNAL', true],
    [502, 'INTERNAL', true],
    [503, 'OVERLOADED', true],
  ] as const)('reads %i as %s (retryable %s)', async (status, code, retryable) => {
    const error = await errorFromResponse('LLM', answer(status));
    expect(error).toMatchObject({ code, retryable, message: `LLM answered HTTP ${status}` });
  });

  it("reads back the status parley's own server answers each code with", async () => {
    const codes: ErrorCode[] = ['INVALID_INPUT', 'UNAUTHORIZED', 'MODEL_NOT_FOUND', 'OVERLOADED', 'INTERNAL'];
    for (const code of codes) expect((await errorFromResponse('parley', answer(httpStatusOf(code)))).code).toBe(code);
  });

  it("quotes the provider's explanation: OpenAI-style JSON, else the start of the body", async () => {
    const openai = answer(401, JSON.stringify({ error: { message: 'Incorrect API key provided' } }));
    expect((await errorFromResponse('LLM', openai)).message).toBe('LLM answered HTTP 401: Incorrect API key provided');
    const plain = answer(500, `  ${'x'.repeat(400)}`);
    expect((await errorFromResponse('STT', plain)).message).toBe(`STT answered HTTP 500: ${'x'.repeat(300)}`);
  });
});

describe('errorFromFailure', () => {
  it('is CANCELLED for a caller that aborted, retryable INTERNAL for a timeout, and retryable NETWORK for a network failure', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    expect(errorFromFailure('LLM', refused, { cancelled: true, timedOut: undefined })).toMatchObject({ code: 'CANCELLED' });
    expect(errorFromFailure('LLM', refused, { cancelled: false, timedOut: 'no answer within 5 ms' })).toMatchObject({
      code: 'INTERNAL',
      retryable: true,
      message: 'LLM timed out: no answer within 5 ms',
    });
    expect(errorFromFailure('LLM', refused, { cancelled: false, timedOut: undefined })).toMatchObject({
      code: 'NETWORK',
      retryable: true,
      message: 'LLM unreachable: fetch failed: connect ECONNREFUSED 127.0.0.1:9',
    });
  });
});
