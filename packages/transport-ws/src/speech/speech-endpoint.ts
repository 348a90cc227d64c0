import type { WebSocket } from 'ws';
import { toParleyError } from '@parley/core';
import type { SessionSlots } from '../session-slots.js';
import { CloseCode } from '../ws/close-codes.js';
import { closeWithError } from '../ws/messages.js';
import { SpeechSession, type SpeechSessionContext } from './speech-session.js';

/** What the speech-stream endpoint needs from its server. */
export interface SpeechStreamContext extends SpeechSessionContext {
  slots: SessionSlots;
  /** Sessions open now, so shutdown can end them. */
  sessions: Set<SpeechSession>;
}

/**
 * Runs `WS /v1/audio/speech/stream` on an accepted, authenticated socket: takes a session slot
 * (or answers OVERLOADED and closes 4429), and wires the socket to a {@link SpeechSession}. The
 * socket's close, whatever its cause, stops the engine at once and frees the slot.
 */
export function acceptSpeechSession(ws: WebSocket, context: SpeechStreamContext): void {
  let release: () => void;
  try {
    release = context.slots.acquire();
  } catch (error) {
    return closeWithError(ws, toParleyError(error), CloseCode.OVERLOADED);
  }
  const session = new SpeechSession(ws, context);
  context.sessions.add(session);
  ws.once('close', () => {
    session.dispose();
    context.sessions.delete(session);
    release();
  });
}
