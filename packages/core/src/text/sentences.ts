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
  resolveSentencesOptions(options);
  return (source) =>
    new Observable<string>((subscriber) => {
      const segmenter = new SentenceSegmenter(options);
      return source.subscribe({
        next: (token) => {
          let segments: readonly string[];
          try {
            segments = segmenter.push(token);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          for (const segment of segments) subscriber.next(segment);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          for (const segment of segmenter.end()) subscriber.next(segment);
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
