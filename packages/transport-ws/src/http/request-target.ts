/** What the routes read from a request target: its path and its query. */
export interface RequestTarget {
  /** The path, still percent-encoded, e.g. `/v1/rooms/lobby`. */
  pathname: string;
  query: URLSearchParams;
}

/** Schemes an absolute-form target (`GET http://host/path`, what proxies send) may carry. */
const ABSOLUTE_FORM = /^(?:https?|wss?):\/\//i;
/** A `%` not followed by two hex digits: no valid path holds one. */
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;

/**
 * Reads a request target (`req.url`) without ever throwing, for every route of a server.
 *
 * Node's HTTP parser lets through targets that WHATWG URL cannot parse (`//[`,
 * `http://x:99999/`, `http://%/`), and `new URL(target, base)` reads the origin-form `//healthz`
 * as host "healthz" with path "/". So the usual origin-form (`/path?query`) is split by hand,
 * and only an absolute-form target goes through URL, inside a try. A path that starts with `//`
 * is refused rather than guessed at, since URL parsers disagree on whether it names a host.
 *
 * @returns undefined for a target no route can serve (answer 400): neither origin-form nor
 *   absolute-form, a path starting with `//` or holding a bad `%` escape, or an absolute form
 *   that does not parse.
 * @example
 * ```ts
 * const target = parseRequestTarget(req.url);
 * if (!target) return res.writeHead(400).end();
 * if (target.pathname === '/healthz') ...
 * ```
 */
export function parseRequestTarget(target: string | undefined): RequestTarget | undefined {
  if (target === undefined) return undefined;
  if (target.startsWith('//')) return undefined;
  if (target.startsWith('/')) return splitOriginForm(target);
  if (!ABSOLUTE_FORM.test(target)) return undefined;
  try {
    const url = new URL(target);
    return { pathname: url.pathname, query: url.searchParams };
  } catch {
    return undefined;
  }
}

function splitOriginForm(target: string): RequestTarget | undefined {
  const end = target.indexOf('#');
  const withoutFragment = end === -1 ? target : target.slice(0, end);
  const question = withoutFragment.indexOf('?');
  const pathname = question === -1 ? withoutFragment : withoutFragment.slice(0, question);
  if (BAD_PERCENT.test(pathname)) return undefined;
  return { pathname, query: new URLSearchParams(question === -1 ? '' : withoutFragment.slice(question + 1)) };
}
