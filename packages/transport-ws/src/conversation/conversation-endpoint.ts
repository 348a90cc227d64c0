import type { WebSocket } from 'ws';
import { toParleyError } from '@parley/core';
import { tokenExpired, whenExpired } from '../auth/expiry.js';
import { assertMaySpeak } from '../auth/principal.js';
import type { SessionSlots } from '../session-slots.js';
import { closeWithError } from '../ws/messages.js';
import { ConversationSession, type ConversationContext } from './conversation-session.js';

/** What the conversation endpoint needs from its server. */
export interface ConversationEndpointContext extends ConversationContext {
  slots: SessionSlots;
}

/**
 * Runs `WS /v1/conversation` on an accepted, authenticated socket: a token that may only listen
 * is refused (UNAUTHORIZED, 4403: a conversation runs the engine), then a session slot is taken
 * (or OVERLOADED, 4429), and the socket becomes a {@link ConversationSession} until it closes or
 * its token expires (UNAUTHORIZED, 4401).
 */
export function acceptConversation(ws: WebSocket, context: ConversationEndpointContext): void {
  let release: () => void;
  try {
    assertMaySpeak(context.principal);
    release = context.slots.acquire();
  } catch (error) {
    return closeWithError(ws, toParleyError(error));
  }
  new ConversationSession(ws, context);
  const stopExpiry = whenExpired(context.principal, () => closeWithError(ws, tokenExpired()));
  ws.once('close', () => {
    stopExpiry();
    release();
  });
}
