import type { IncomingMessage, ServerResponse } from 'node:http';
import { toParleyError, type TextToSpeech } from '@parley/core';
import type { Authenticator } from '../auth/authenticator.js';
import { tokenExpired, whenExpired } from '../auth/expiry.js';
import { assertMaySpeak } from '../auth/principal.js';
import type { Limits } from '../limits.js';
import type { Logger } from '../logger.js';
import type { SessionSlots } from '../session-slots.js';
import type { SynthesisOptionsMapper } from '../speech/synthesis-options.js';
import { sendError } from './errors.js';
import { readJson } from './read-json.js';
import { parseSpeechBody } from './speech-body.js';
import { SpeechResponse } from './speech-response.js';

/** What the REST speech endpoint needs from its server. */
export interface SpeechEndpointContext {
  tts: TextToSpeech;
  /** What a body's fields mean to the engine. */
  synthesisOptions: SynthesisOptionsMapper;
  auth: Authenticator;
  limits: Limits;
  logger: Logger;
  slots: SessionSlots;
  /** Responses in flight, so shutdown can abort them. */
  responses: Set<SpeechResponse>;
}

/**
 * `POST /v1/audio/speech`: checks the token (401) and its grant (403: a listener's token may not
 * run the engine), reads and validates the body (413, 400), takes a session slot (429), then
 * streams the audio (see {@link SpeechResponse}) until done or the token expires. The token is
 * checked before the body is read, so an unauthenticated caller costs no body buffering.
 */
export async function handleSpeechRequest(req: IncomingMessage, res: ServerResponse, context: SpeechEndpointContext): Promise<void> {
  const { limits } = context;
  try {
    const principal = await context.auth.authenticate(req);
    assertMaySpeak(principal);
    const body = parseSpeechBody(await readJson(req, limits.maxBodyBytes), limits.maxTextChars);
    const options = context.synthesisOptions(body);
    const release = context.slots.acquire();
    const response = new SpeechResponse(res, context.tts, body, options, limits, context.logger);
    context.responses.add(response);
    const stopExpiry = whenExpired(principal, () => response.abort(tokenExpired()));
    void response.finished.then(() => {
      stopExpiry();
      context.responses.delete(response);
      release();
    });
    response.start();
  } catch (error) {
    if (res.headersSent) return;
    sendError(res, toParleyError(error));
  }
}
