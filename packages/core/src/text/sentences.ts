import { Observable, type OperatorFunction } from 'rxjs';
import { resolveSentencesOptions, type SentencesOptions } from './options.js';
import { SentenceSegmenter } from './segmenter.js';

/**
 * RxJS operator: LLM tokens in (split anywhere, one character to whole paragraphs), speakable
 * segments out — one sentence (or heading, list item, clause of a run-on) at a time, markdown and
 * emoji removed, whitespace collapsed, never empty, each at most `maxChars` long.
 *
 * A segment is emitted the moment its boundary is certain (`. ` then a capital, `? `, `。`), not
 * when the stream pauses; text after the last boundary is emitted on completion. Errors from the
 * source pass through; unsubscribing unsubscribes from the source. Each subscription gets its own
 * {@link SentenceSegmenter}.
 *
 * @throws ParleyError `INVALID_INPUT` at once for invalid options; a non-string token errors the stream.
 *
 * @example
 * ```ts
 * llmTokens$.pipe(sentences({ firstClauseMinChars: 40 })).subscribe((s) => tts.speak(s));
 * // 'Hello **world**! How are' ' you?' -> 'Hello world!', 'How are you?'
 * ```
 */
export function sentences(options?: SentencesOptions): OperatorFunction<string, string> {
  return segmenting(options, (segmenter) => (token) => (token === undefined ? segmenter.end() : segmenter.push(token)));
}

/**
 * An operator that runs its own {@link SentenceSegmenter} for each subscription: `open` gives
 * the step that turns each token, then the end (`undefined`), into the values to emit. What
 * {@link sentences} and the segment pieces a speech engine takes early are built on.
 *
 * @throws ParleyError `INVALID_INPUT` at once for invalid options; a non-string token errors the stream.
 */
export function segmenting<T>(
  options: SentencesOptions | undefined,
  open: (segmenter: SentenceSegmenter) => (token: string | undefined) => readonly T[],
): OperatorFunction<string, T> {
  resolveSentencesOptions(options);
  return (source) =>
    new Observable<T>((subscriber) => {
      const step = open(new SentenceSegmenter(options));
      return source.subscribe({
        next: (token) => {
          let values: readonly T[];
          try {
            values = step(token);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          for (const value of values) subscriber.next(value);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          for (const value of step(undefined)) subscriber.next(value);
          subscriber.complete();
        },
      });
    });
}

/**
 * Splits a whole text into speakable segments: exactly what piping it through
 * {@link sentences} gives, in one call.
 *
 * @example
 * ```ts
 * splitSentences('Mr. Smith paid $4.99. Wait... what? **Really**!');
 * // ['Mr. Smith paid $4.99.', 'Wait... what?', 'Really!']
 * ```
 */
export function splitSentences(text: string, options?: SentencesOptions): string[] {
  const segmenter = new SentenceSegmenter(options);
  return [...segmenter.push(text), ...segmenter.end()];
}
