/**
 * The stable error codes parley reports. Over WebSocket they travel as
 * `{type: "error", code, message}`; over HTTP each maps to a 4xx/5xx status.
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'UNAUTHORIZED'
  | 'MODEL_NOT_FOUND'
  | 'MODEL_LOAD_FAILED'
  | 'DEVICE_UNAVAILABLE'
  | 'OVERLOADED'
  | 'CANCELLED'
  | 'INTERNAL';

/** Whether a retry of the same request can succeed, per code, unless a thrower says otherwise. */
const RETRYABLE_BY_DEFAULT: Readonly<Record<ErrorCode, boolean>> = {
  INVALID_INPUT: false,
  UNAUTHORIZED: false,
  MODEL_NOT_FOUND: false,
  MODEL_LOAD_FAILED: false,
  DEVICE_UNAVAILABLE: true,
  OVERLOADED: true,
  CANCELLED: false,
  INTERNAL: true,
};

/** Options for {@link ParleyError}. */
export interface ParleyErrorOptions {
  /** Overrides the code's default (see {@link isRetryableByDefault}). */
  retryable?: boolean;
  /** The underlying error, kept for logs. */
  cause?: unknown;
}

/**
 * The one error type parley throws and emits. `code` is stable and meant for programs;
 * `message` is for people.
 *
 * @example
 * ```ts
 * throw new ParleyError('INVALID_INPUT', 'text is empty');
 * ```
 */
export class ParleyError extends Error {
  override readonly name = 'ParleyError';
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: ParleyErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT[code];
  }

  /** The JSON shape sent to clients: never carries a stack or a cause. */
  toJSON(): { code: ErrorCode; message: string; retryable: boolean } {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

/** Whether errors with this code are retryable when the thrower does not say. */
export function isRetryableByDefault(code: ErrorCode): boolean {
  return RETRYABLE_BY_DEFAULT[code];
}

/** Type guard for {@link ParleyError}, robust across package copies (checks the shape, not the class). */
export function isParleyError(error: unknown): error is ParleyError {
  return (
    error instanceof Error &&
    error.name === 'ParleyError' &&
    typeof (error as ParleyError).code === 'string' &&
    (error as ParleyError).code in RETRYABLE_BY_DEFAULT
  );
}

/**
 * Turns anything thrown into a {@link ParleyError}: a ParleyError passes through, an `AbortError`
 * becomes CANCELLED, anything else becomes INTERNAL with the original as `cause`.
 */
export function toParleyError(error: unknown): ParleyError {
  if (isParleyError(error)) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return new ParleyError('CANCELLED', error.message || 'cancelled', { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ParleyError('INTERNAL', message, { cause: error });
}
