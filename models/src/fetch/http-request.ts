/** Redirect statuses the hub and its CDN use. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** More hops than any hub → CDN chain needs; more means a loop. */
const MAX_REDIRECTS = 10;

/** What a hub request answered, plus what the redirect hops said about the file. */
export interface HubResponse {
  readonly response: Response;
  /** The URL that answered, after redirects. */
  readonly url: string;
  /**
   * The sha256 the hub announced for the file (`X-Linked-Etag` of an LFS file, usually on the
   * redirect to the CDN), when it looks like one.
   */
  readonly announcedSha256?: string;
  /** `X-Linked-Size`, the LFS file's size, when announced. */
  readonly announcedSize?: number;
}

/** Options of {@link requestFile}. */
export interface RequestFileOptions {
  readonly method?: 'GET' | 'HEAD';
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/**
 * A hub request that follows redirects by hand, because the hop that matters says the most: the
 * hub's 302 to the CDN carries the LFS sha256 and size (`X-Linked-Etag`, `X-Linked-Size`, as
 * huggingface_hub reads them), and the final response does not. A hop to another origin drops the
 * `authorization` header, so `HF_TOKEN` never reaches the CDN (its URLs are pre-signed).
 *
 * `accept-encoding: identity` keeps byte counts and Range offsets about the file itself, not a
 * compressed rendition of it.
 */
export async function requestFile(url: string, options: RequestFileOptions = {}): Promise<HubResponse> {
  let current = new URL(url);
  let headers: Record<string, string> = { 'accept-encoding': 'identity', ...options.headers };
  const announced: { announcedSha256?: string; announcedSize?: number } = {};
  for (let hop = 0; ; hop++) {
    const init: RequestInit = { method: options.method ?? 'GET', headers, redirect: 'manual' };
    if (options.signal) init.signal = options.signal;
    const response = await fetch(current, init);
    noteAnnouncements(response.headers, announced);
    const location = response.headers.get('location');
    if (!REDIRECTS.has(response.status) || location === null || hop === MAX_REDIRECTS) {
      return { response, url: current.href, ...announced };
    }
    await discardBody(response);
    const next = new URL(location, current);
    if (next.origin !== current.origin) headers = withoutAuthorization(headers);
    current = next;
  }
}

/** Releases a response's connection without reading what is left of its body. */
export async function discardBody(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

function noteAnnouncements(headers: Headers, announced: { announcedSha256?: string; announcedSize?: number }): void {
  // An LFS file's etag is its sha256; a plain git file's is a 40-digit blob id, which is no use here.
  const etag = headers.get('x-linked-etag')?.replace(/^W\//, '').replaceAll('"', '').toLowerCase();
  if (etag && /^[0-9a-f]{64}$/.test(etag)) announced.announcedSha256 = etag;
  const size = Number(headers.get('x-linked-size') ?? Number.NaN);
  if (Number.isSafeInteger(size) && size >= 0) announced.announcedSize = size;
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
}
