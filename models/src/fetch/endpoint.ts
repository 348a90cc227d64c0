import { ParleyError } from '@parley/core';

/** Where model files come from unless told otherwise. */
export const DEFAULT_HF_ENDPOINT = 'https://huggingface.co';

/**
 * The hub to download from: `explicit` (the `--endpoint` flag), else `$PARLEY_HF_ENDPOINT`, else
 * `$HF_ENDPOINT` (the variable huggingface_hub reads, so a mirror configured for it works here
 * too), else {@link DEFAULT_HF_ENDPOINT}. Without a trailing slash; INVALID_INPUT if not http(s).
 */
export function resolveEndpoint(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const endpoint = explicit || env.PARLEY_HF_ENDPOINT || env.HF_ENDPOINT || DEFAULT_HF_ENDPOINT;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ParleyError('INVALID_INPUT', `the hub endpoint "${endpoint}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ParleyError('INVALID_INPUT', `the hub endpoint "${endpoint}" must be http or https`);
  }
  return endpoint.replace(/\/+$/, '');
}

/**
 * The download URL of `path` in `repo` at `revision`: `{endpoint}/{repo}/resolve/{revision}/{path}`,
 * the hub's layout. Each segment is percent-encoded; the revision as one segment, since a branch
 * name may contain a slash.
 */
export function fileUrl(endpoint: string, repo: string, revision: string, path: string): string {
  const encodedPath = path.split('/').map(encodeURIComponent).join('/');
  return `${endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${encodedPath}`;
}

/** The request headers every hub request carries: a bearer token when there is one. */
export function authHeaders(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}
