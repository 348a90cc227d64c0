import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command line that cannot be run as given: printed without a stack, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * `util.parseArgs` (strict by default), with its errors (unknown or malformed options) turned into
 * {@link UsageError}s that end with the command's usage.
 */
export function parseCommandLine<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`);
  }
}

/** Parses a whole number option, or throws a {@link UsageError} naming it. */
export function parseInteger(name: string, value: string, min: number, max: number): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return number;
}
