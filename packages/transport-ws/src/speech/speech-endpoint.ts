import type { WebSocket } from 'ws';
import { toParleyError, type ParleyError } from '@parley/core';
import { tokenExpired, whenExpired } from '../auth/expiry.js';
import { assertMaySpeak } from '../auth/principal.js';
import type { SessionSlots } from '../session-slots.js';
import { CloseCode, closeCodeFor } from '../ws/close-codes.js';
import { errorMessage, sendJson } from '../ws/messages.js';
import { sessionDone } from './server-messages.js';
import { SpeechSession, type SpeechSessionContext } from './speech-session.js';

/** What the speech-stream endpoint needs from its server. */
export interface SpeechStreamContext extends SpeechSessionContext {
  slots: SessionSlots;
  /** Sessions open now, so shutdown can end them. */
  sessions: Set<SpeechSession>;
}

/**
 * Runs `WS /v1/audio/speech/stream` on an accepted, authenticated socket: a token that may only
 * listen is refused (4403), then a session slot is taken (or OVERLOADED, 4429), and the socket
 * is wired to a {@link SpeechSession}, which ends (4401) when the token expires. The socket's
 * close, whatever its cause, stops the engine at once and frees the slot.
 */
export function acceptSpeechSession(ws: WebSocket, context: SpeechStreamContext): void {
  let release: () => void;
  try {
    assertMaySpeak(context.principal);
  } catch (error) {
    return refuseSpeechSession(ws, toParleyError(error));
  }
  try {
    release = context.slots.acquire();
  } catch (error) {
    return refuseSpeechSession(ws, toParleyError(error));
  }
  const session = new SpeechSession(ws, context);
  context.sessions.add(session);
  const stopExpiry = whenExpired(context.principal, () => session.end(tokenExpired(), CloseCode.UNAUTHORIZED));
  ws.once('close', () => {
    stopExpiry();
    session.dispose();
    context.sessions.delete(session);
    release();
  });
}

/**
 * Turns a speech client away before its session starts: `error`, `session.done` for the
 * utterance it was about to begin (so a vLLM-Omni client ends instead of waiting), then a close.
 */
export function refuseSpeechSession(ws: WebSocket, error: ParleyError, closeCode = closeCodeFor(error)): void {
  sendJson(ws, errorMessage(error));
  sendJson(ws, sessionDone(0, 0));
  ws.close(closeCode, error.code);
}
