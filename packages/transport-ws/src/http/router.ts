import type { IncomingMessage, ServerResponse } from 'node:http';
import { ParleyError } from '@parley/core';
import { sendError, sendJson } from './errors.js';
import { parseRequestTarget } from './request-target.js';
import { handleSpeechRequest, type SpeechEndpointContext } from './speech-endpoint.js';

/** What the HTTP routes need from their server. */
export interface RouterContext extends SpeechEndpointContext {
  /** Whether the engine can take work now (`/readyz`). */
  ready: () => boolean;
  /** Whether the server is shutting down. */
  closing: () => boolean;
  /** Answers what the API has no route for (see `SpeechServerOptions.pages`). */
  pages?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

/** The paths of the HTTP API. */
export const HTTP_PATHS = { health: '/healthz', ready: '/readyz', speech: '/v1/audio/speech' } as const;

/**
 * Routes one HTTP request (a target that does not parse gets 400):
 * - `GET /healthz`: 200 while the process serves.
 * - `GET /readyz`: 200 when `ready()` and not shutting down, else 503 (for load balancers).
 * - `POST /v1/audio/speech`: OpenAI-style speech, see {@link handleSpeechRequest}.
 * - anything else: `pages` when given (a web page's files), else 404.
 */
export async function routeRequest(req: IncomingMessage, res: ServerResponse, context: RouterContext): Promise<void> {
  const target = parseRequestTarget(req.url);
  if (!target) return sendError(res, new ParleyError('INVALID_INPUT', 'malformed request target'));
  const { pathname } = target;
  if (pathname === HTTP_PATHS.health) return sendJson(res, 200, { status: 'ok' });
  if (pathname === HTTP_PATHS.ready) {
    const ready = !context.closing() && context.ready();
    return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' });
  }
  if (pathname !== HTTP_PATHS.speech) {
    if (context.pages) return context.pages(req, res);
    return sendError(res, new ParleyError('INVALID_INPUT', `no route ${pathname}`), 404);
  }
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return sendError(res, new ParleyError('INVALID_INPUT', `use POST for ${pathname}`), 405);
  }
  if (context.closing()) return sendError(res, new ParleyError('CANCELLED', 'server shutting down'));
  await handleSpeechRequest(req, res, context);
}
