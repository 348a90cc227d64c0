import type { Observable } from 'rxjs';

/** One message of a conversation, in the OpenAI chat shape. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * What the voice agent thinks with: the conversation so far in, the answer out as tokens while
 * they are produced, so the first sentence can be spoken before the last is written.
 *
 * Cancelling is unsubscribing (the request is aborted at once and nothing more is emitted);
 * aborting `signal` does the same but ends the stream with a CANCELLED error, for callers that
 * hold a signal rather than a subscription.
 *
 * @example
 * ```ts
 * const answer$ = llm.reply([{ role: 'user', content: 'What time is it?' }]);
 * tts.synthesize(answer$).subscribe(...); // a barge-in unsubscribes both
 * ```
 */
export interface LanguageModel {
  /** Streams the assistant's next message for `history`; cold: nothing is sent before subscribe. */
  reply(history: readonly ChatMessage[], signal?: AbortSignal): Observable<string>;
  /** One line for people: which model this is (`"LLM: local responder (no LLM configured)"`). */
  describe(): string;
}

/**
 * A system prompt for answers that will be spoken: short, plain sentences, nothing that only
 * reads well on a screen.
 */
export const VOICE_SYSTEM_PROMPT =
  'You are a helpful voice assistant. Your answers are spoken aloud: keep them short, in plain ' +
  'conversational sentences, without markdown, lists, code or emoji. If you were interrupted, ' +
  'do not repeat what was already said.';
