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
  | 'NETWORK'
  | 'INTERNAL';

/**
 * What each code means outside the process, the one table every transport uses: whether a retry
 * of the same request can succeed (unless a thrower says otherwise), and the HTTP status it is
 * answered with. WebSocket close codes mirror the status (4000 + a 4xx status, else 1011), and
 * the statuses other services answer are read back through {@link errorCodeForHttpStatus}.
 */
const CODES: Readonly<Record<ErrorCode, { retryable: boolean; httpStatus: number }>> = {
  INVALID_INPUT: { retryable: false, httpStatus: 400 },
  UNAUTHORIZED: { retryable: false, httpStatus: 401 },
  MODEL_NOT_FOUND: { retryable: false, httpStatus: 404 },
  MODEL_LOAD_FAILED: { retryable: false, httpStatus: 503 },
  DEVICE_UNAVAILABLE: { retryable: true, httpStatus: 503 },
  OVERLOADED: { retryable: true, httpStatus: 429 },
  // A caller only meets it from a server that is shutting down.
  CANCELLED: { retryable: false, httpStatus: 503 },
  // A service parley calls (a model hub, an LLM, an STT) could not be reached: refused, reset, DNS, TLS.
  NETWORK: { retryable: true, httpStatus: 502 },
  INTERNAL: { retryable: true, httpStatus: 500 },
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
    this.retryable = options.retryable ?? CODES[code].retryable;
  }

  /** The JSON shape sent to clients: never carries a stack or a cause. */
  toJSON(): { code: ErrorCode; message: string; retryable: boolean } {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

/** Whether errors with this code are retryable when the thrower does not say. */
export function isRetryableByDefault(code: ErrorCode): boolean {
  return CODES[code].retryable;
}

/** The HTTP status an error with this code is answered with (see the table above). */
export function httpStatusOf(code: ErrorCode): number {
  return CODES[code].httpStatus;
}

/**
 * Statuses read otherwise than as the table's inverse: a 403 refuses a token as a 401 does, a
 * 503 from another service means "busy, try later", a 408 is a timeout a retry can get past, and
 * a 502 came from a gateway that was reached (NETWORK is for one that was not).
 */
const STATUS_READINGS: Readonly<Record<number, ErrorCode>> = { 403: 'UNAUTHORIZED', 408: 'INTERNAL', 502: 'INTERNAL', 503: 'OVERLOADED' };

/**
 * The code for a status another HTTP service answered: the table read backwards (400
 * INVALID_INPUT, 401 and 403 UNAUTHORIZED, 404 MODEL_NOT_FOUND, 429 and 503 OVERLOADED, 500
 * INTERNAL), other 4xx INVALID_INPUT, anything else INTERNAL.
 */
export function errorCodeForHttpStatus(status: number): ErrorCode {
  const exact = STATUS_READINGS[status] ?? (Object.keys(CODES) as ErrorCode[]).find((code) => CODES[code].httpStatus === status);
  if (exact) return exact;
  return status >= 400 && status < 500 ? 'INVALID_INPUT' : 'INTERNAL';
}

/**
 * The ParleyError for a status another HTTP service answered, coded by
 * {@link errorCodeForHttpStatus}; retryable for 408, 429 and 5xx, the statuses a later attempt
 * can get past.
 */
export function errorForHttpStatus(status: number, message: string, options: { cause?: unknown } = {}): ParleyError {
  const retryable = status === 408 || status === 429 || (status >= 500 && status < 600);
  return new ParleyError(errorCodeForHttpStatus(status), message, { retryable, ...options });
}

/** Type guard for {@link ParleyError}, robust across package copies (checks the shape, not the class). */
export function isParleyError(error: unknown): error is ParleyError {
  return (
    error instanceof Error &&
    error.name === 'ParleyError' &&
    typeof (error as ParleyError).code === 'string' &&
    (error as ParleyError).code in CODES
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
