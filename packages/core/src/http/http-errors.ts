import { ParleyError, errorForHttpStatus } from '../errors.js';

/** Longest piece of an error body quoted in a message: enough for a provider's explanation. */
const MAX_QUOTED_CHARS = 300;

/**
 * The ParleyError for a non-2xx answer from an HTTP service, coded by core's one status table
 * (see `errorForHttpStatus`: 401/403 UNAUTHORIZED, 404 MODEL_NOT_FOUND, 429/503 OVERLOADED,
 * other 4xx INVALID_INPUT, 5xx INTERNAL); the body is read for the provider's explanation.
 *
 * @param service - who answered, for the message (`"speech-to-text"`, `"LLM"`).
 *
 * @example
 * ```ts
 * const response = await fetch(url, { signal: deadline.signal });
 * if (!response.ok) throw await errorFromResponse('LLM', response);
 * ```
 */
export async function errorFromResponse(service: string, response: Response): Promise<ParleyError> {
  const detail = await readDetail(response);
  return errorForHttpStatus(response.status, `${service} answered HTTP ${response.status}${detail ? `: ${detail}` : ''}`);
}

/**
 * The ParleyError for a request that failed without an answer: CANCELLED when the caller
 * aborted, INTERNAL (retryable) for a timeout, NETWORK (retryable) for a network failure (refused,
 * reset, DNS).
 */
export function errorFromFailure(service: string, error: unknown, why: { cancelled: boolean; timedOut: string | undefined }): ParleyError {
  if (why.cancelled) return new ParleyError('CANCELLED', `${service} request cancelled`, { cause: error });
  if (why.timedOut) return new ParleyError('INTERNAL', `${service} timed out: ${why.timedOut}`, { retryable: true, cause: error });
  // undici reports "fetch failed" and puts the reason (ECONNREFUSED, ...) in `cause`.
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const message = error instanceof Error ? error.message : String(error);
  return new ParleyError('NETWORK', `${service} unreachable: ${message}${cause}`, { retryable: true, cause: error });
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
