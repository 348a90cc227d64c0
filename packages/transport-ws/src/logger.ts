/** Structured fields attached to a log line. */
export type LogFields = Record<string, unknown>;

/**
 * Where the server writes what it does. A pino logger fits as is (`pino().child(...)` has
 * these methods with a compatible signature once wrapped), and so does a test's capture.
 */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/**
 * The default logger: warnings and errors to stderr, info dropped. A server that logs every
 * connection to the console by default drowns the voice agent's own output.
 */
export const consoleLogger: Logger = {
  info: () => {},
  warn: (message, fields) => console.warn(`[parley] ${message}`, fields ?? ''),
  error: (message, fields) => console.error(`[parley] ${message}`, fields ?? ''),
};

/** A logger that drops everything, for benchmarks. */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
