import type { AudioOutput, PcmFrame } from '@parley/core';
import type { Observable } from 'rxjs';
import type { Principal } from '../auth/principal.js';
import type { OutboundMessage } from '../ws/messages.js';
import type { HelloMessage } from './conversation-protocol.js';

/** One page connected to `WS /v1/conversation`, as the application sees it. */
export interface ConversationPeer {
  /**
   * The page's player, at the engine's rate: frames written to it go to the page, `clear()` tells
   * the page to drop its buffer, and its playhead is what the page reports it played.
   */
  readonly output: AudioOutput;
  /** Who connected (`ANONYMOUS` when auth is disabled). */
  readonly principal: Principal;
}

/**
 * What the application does with one conversation: a voice agent, say. The transport owns the
 * socket — auth, bounds, the microphone's frames, the page's player, errors with codes — and
 * calls these.
 */
export interface ConversationHandler<Event extends OutboundMessage = OutboundMessage> {
  /** What the page is told as it connects (the audio's rate is added). */
  readonly hello: Omit<HelloMessage, 'type' | 'sampleRate'>;
  /**
   * Listening starts: the microphone's frames arrive on `microphone$` until the page stops or
   * goes; every event of the returned Observable is sent to the page as JSON, and an error is
   * sent as `{type: "error", code, message}`. Unsubscribed when listening stops.
   */
  listen(microphone$: Observable<PcmFrame>): Observable<Event>;
  /** The page's interrupt button; also called first when listening stops. */
  interrupt(): void;
  /** The page chose a voice for what comes next. */
  voice?(voice: string): void;
}

/** Makes the handler of each page that connects. */
export type AcceptConversation<Event extends OutboundMessage = OutboundMessage> = (peer: ConversationPeer) => ConversationHandler<Event>;
