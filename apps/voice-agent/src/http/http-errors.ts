import { ParleyError } from '@parley/core';

/** Longest piece of an error body quoted in a message: enough for a provider's explanation. */
const MAX_QUOTED_CHARS = 300;

/**
 * The ParleyError for a non-2xx answer from an HTTP service (the body is read for its message):
 *
 * | status         | code          | retryable |
 * |----------------|---------------|-----------|
 * | 401, 403       | UNAUTHORIZED  | no        |
 * | 429, 503       | OVERLOADED    | yes       |
 * | other 4xx      | INVALID_INPUT | no        |
 * | other 5xx, etc | INTERNAL      | yes       |
 *
 * @param service - who answered, for the message (`"speech-to-text"`, `"LLM"`).
 */
export async function errorFromResponse(service: string, response: Response): Promise<ParleyError> {
  const detail = await readDetail(response);
  const message = `${service} answered HTTP ${response.status}${detail ? `: ${detail}` : ''}`;
  const { status } = response;
  if (status === 401 || status === 403) return new ParleyError('UNAUTHORIZED', message);
  if (status === 429 || status === 503) return new ParleyError('OVERLOADED', message, { retryable: true });
  if (status >= 400 && status < 500) return new ParleyError('INVALID_INPUT', message);
  return new ParleyError('INTERNAL', message, { retryable: true });
}

/**
 * The ParleyError for a request that failed without an answer: CANCELLED when the caller
 * aborted, INTERNAL (retryable) for a timeout or a network failure (refused, reset, DNS).
 */
export function errorFromFailure(service: string, error: unknown, why: { cancelled: boolean; timedOut: string | undefined }): ParleyError {
  if (why.cancelled) return new ParleyError('CANCELLED', `${service} request cancelled`, { cause: error });
  if (why.timedOut) return new ParleyError('INTERNAL', `${service} timed out: ${why.timedOut}`, { retryable: true, cause: error });
  // undici reports "fetch failed" and puts the reason (ECONNREFUSED, ...) in `cause`.
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const message = error instanceof Error ? error.message : String(error);
  return new ParleyError('INTERNAL', `${service} unreachable: ${message}${cause}`, { retryable: true, cause: error });
}

/** The provider's explanation: OpenAI-style `{error: {message}}`, else the body's start. */
async function readDetail(response: Response): Promise<string> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return '';
  }
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof body.error === 'string' ? body.error : (body.error?.message ?? body.message);
    if (typeof message === 'string') text = message;
  } catch {
    // not JSON: quote it as it is
  }
  return text.trim().slice(0, MAX_QUOTED_CHARS);
}
