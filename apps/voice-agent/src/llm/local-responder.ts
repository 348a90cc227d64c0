import { ParleyError } from '@parley/core';
import { asyncScheduler, map, Observable, take, timer, type SchedulerLike } from 'rxjs';
import type { ChatMessage, LanguageModel } from './language-model.js';
import { scriptedAnswer } from './local-script.js';

/** Options of {@link LocalResponder}. */
export interface LocalResponderOptions {
  /** The clock for "what time is it". Default: the system clock. */
  now?: () => Date;
  /** IANA time zone for times and dates; the machine's when absent. */
  timeZone?: string;
  /**
   * Pause between words. Default 60 ms: about the pace of a fast LLM, slow enough that an answer
   * is still streaming when the user talks over it, so barge-in can be tried without a model.
   */
  wordDelayMs?: number;
  /** The clock that paces the words; default `asyncScheduler` (virtual under `TestScheduler`). */
  scheduler?: SchedulerLike;
}

/**
 * A {@link LanguageModel} with no model: the offline default, so the voice agent runs with no
 * outside service. It answers the last user message from a small script ({@link scriptedAnswer}):
 * greetings, "what can you do", the time and date from an injected clock, a story long enough to
 * interrupt, and otherwise what it heard, repeated back. Deterministic for a given clock.
 *
 * The answer streams word by word (`"Hello!"`, `" I"`, `" am"`, ...) like an LLM's tokens;
 * unsubscribing stops it before the next word, and an aborted `signal` ends it with CANCELLED.
 */
export class LocalResponder implements LanguageModel {
  /** Words emitted so far, over all replies: a test's proof that a cancelled reply stopped. */
  wordsEmitted = 0;
  private readonly now: () => Date;
  private readonly delayMs: number;
  private readonly scheduler: SchedulerLike;

  constructor(private readonly options: LocalResponderOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.delayMs = options.wordDelayMs ?? 60;
    this.scheduler = options.scheduler ?? asyncScheduler;
  }

  /** Streams the scripted answer to the last user message in `history`. */
  reply(history: readonly ChatMessage[], signal?: AbortSignal): Observable<string> {
    return new Observable<string>((subscriber) => {
      const heard = history.findLast((message) => message.role === 'user')?.content ?? '';
      const words = tokens(scriptedAnswer(heard, { now: this.now(), timeZone: this.options.timeZone }));
      const cancel = () => subscriber.error(new ParleyError('CANCELLED', 'reply cancelled'));
      if (signal?.aborted) return cancel();
      signal?.addEventListener('abort', cancel, { once: true });
      const subscription = timer(0, this.delayMs, this.scheduler)
        .pipe(
          take(words.length),
          map((i) => words[i]!),
        )
        .subscribe({
          next: (word) => {
            this.wordsEmitted++;
            subscriber.next(word);
          },
          complete: () => subscriber.complete(),
        });
      return () => {
        subscription.unsubscribe();
        signal?.removeEventListener('abort', cancel);
      };
    });
  }

  /** Says that no LLM is configured. */
  describe(): string {
    return 'LLM: local responder (no LLM configured)';
  }
}

/** `text` as LLM-style tokens: each word with the space before it, so they join back exactly. */
export function tokens(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [];
}
