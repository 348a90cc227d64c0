import type { ChatMessage } from '../llm/language-model.js';

/** One line of the stored transcript. */
export interface TranscriptEntry {
  role: 'user' | 'assistant';
  text: string;
  /** For the agent: it was cut off, and `text` is only what was played. */
  interrupted?: boolean;
}

/**
 * The conversation so far: what the LLM is given as history, and the transcript people read.
 * An interrupted answer is stored as what was actually played, so the model does not believe
 * it said what the user never heard.
 */
export class Conversation {
  readonly entries: TranscriptEntry[] = [];

  /** The user's turn. */
  user(text: string): void {
    this.entries.push({ role: 'user', text });
  }

  /** The agent's answer (truncated to what was heard when `interrupted`). */
  agent(text: string, interrupted: boolean): void {
    this.entries.push({ role: 'assistant', text, interrupted });
  }

  /** The history for the LLM: entries with text, interrupted answers marked as such. */
  history(): ChatMessage[] {
    return this.entries
      .filter((entry) => entry.text.trim() !== '' || entry.role === 'user')
      .map((entry) => ({ role: entry.role, content: entry.interrupted ? `${entry.text} [interrupted by the user]` : entry.text }));
  }
}
