import { APIError, isAPIError } from '@livekit/agents';
import { toParleyError } from '@parley/core';

/**
 * Turns anything the engine throws into the `APIError` LiveKit's retry loop understands.
 *
 * The ParleyError code leads the message (`"OVERLOADED: …"`) and is kept in `body.code`;
 * `retryable` is the ParleyError's own, so only what a retry can fix is retried: OVERLOADED,
 * DEVICE_UNAVAILABLE and INTERNAL yes; INVALID_INPUT (an unknown voice, a bad option),
 * MODEL_NOT_FOUND, MODEL_LOAD_FAILED and CANCELLED (the engine was closed) no.
 * An `APIError` passes through unchanged.
 *
 * @example
 * ```ts
 * toAPIError(new ParleyError('INVALID_INPUT', 'unknown voice "x"')); // APIError, retryable: false
 * ```
 */
export function toAPIError(error: unknown): APIError {
  if (isAPIError(error)) return error;
  const parley = toParleyError(error);
  return new APIError(`${parley.code}: ${parley.message}`, {
    retryable: parley.retryable,
    body: { code: parley.code },
  });
}
