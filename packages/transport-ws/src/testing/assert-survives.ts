import fc from 'fast-check';
import { hostileRequests, type HostileRequestOptions } from './hostile-requests.js';
import { rawRequest } from './raw-http.js';

/** Options for {@link assertSurvivesHostileRequests}. */
export interface HostileRunOptions extends HostileRequestOptions {
  /** How many requests (default 2 000). */
  runs?: number;
  /** A fixed seed makes a run repeatable; fast-check prints the seed of a failing run. */
  seed?: number;
}

/**
 * Sends `runs` {@link hostileRequests} to the server on `port`, one connection each, and checks
 * that every one is answered below 500 (or refused by Node's parser with a bare close) and its
 * connection closed. A request that crashes the server fails the run from the outside: the
 * process that hosts the server is the test process.
 * @returns how many requests got each status (`"none"`: closed without one), so a test can check
 *   that the requests reached the server's own code and not only Node's parser.
 * @throws Error with the shrunk request and the seed when one is answered 5xx or left hanging.
 */
export async function assertSurvivesHostileRequests(port: number, options: HostileRunOptions): Promise<Record<string, number>> {
  const statuses: Record<string, number> = {};
  const property = fc.asyncProperty(hostileRequests(options), async (request) => {
    const { status, text } = await rawRequest(port, request);
    if (status !== undefined && status >= 500) throw new Error(`answered ${status}: ${text.slice(0, 200)}`);
    const key = String(status ?? 'none');
    statuses[key] = (statuses[key] ?? 0) + 1;
  });
  await fc.assert(property, { numRuns: options.runs ?? 2_000, ...(options.seed === undefined ? {} : { seed: options.seed }) });
  return statuses;
}
