import { ParleyError } from '../errors.js';
import { BoundaryFinder } from './boundary-finder.js';
import { resolveSentencesOptions, type SentencesOptions } from './options.js';
import { SpeakableCleaner } from './speakable.js';

const NONE: readonly string[] = Object.freeze([]);

/**
 * Incremental, synchronous sentence segmenter for an LLM token stream: push tokens of any size,
 * get back the speakable segments that became certain. Pure: no timers, no I/O; the same text
 * gives the same segments however it is split into tokens.
 *
 * Markdown and emoji are cleaned first ({@link SpeakableCleaner}), then boundaries are found in
 * the clean text ({@link BoundaryFinder}). Each stage holds back only what the next characters
 * could still change — a `**` run, a `]` before a possible `(url)`, a `.` before the next word.
 *
 * @example
 * ```ts
 * const seg = new SentenceSegmenter();
 * seg.push('Dr. Smith is here. He');   // ['Dr. Smith is here.']
 * seg.push(' says hi');                // []
 * seg.end();                           // ['He says hi']
 * ```
 */
export class SentenceSegmenter {
  private readonly cleaner: SpeakableCleaner;
  private readonly finder: BoundaryFinder;
  private out: string[] = [];
  private ended = false;

  /** @throws ParleyError `INVALID_INPUT` for invalid options (see {@link resolveSentencesOptions}). */
  constructor(options?: SentencesOptions) {
    const resolved = resolveSentencesOptions(options);
    this.finder = new BoundaryFinder(resolved, (segment) => this.out.push(segment));
    this.cleaner = new SpeakableCleaner((ch) => this.finder.feed(ch));
  }

  /**
   * Feeds one token and returns the segments it completed, in order (often none).
   *
   * @throws ParleyError `INVALID_INPUT` if `token` is not a string or {@link end} was called.
   */
  push(token: string): readonly string[] {
    if (typeof token !== 'string') {
      throw new ParleyError('INVALID_INPUT', `expected a string token, got ${typeof token}`);
    }
    if (this.ended) throw new ParleyError('INVALID_INPUT', 'push() after end()');
    this.cleaner.push(token);
    return this.drain();
  }

  /** Ends the stream and returns the last segments: text without a final stop is released here. */
  end(): readonly string[] {
    if (this.ended) return NONE;
    this.ended = true;
    this.cleaner.end();
    this.finder.end();
    return this.drain();
  }

  /**
   * The start of the segment being built that is certain, whatever text comes next: the segment
   * that {@link push} or {@link end} later returns begins with it, so a speech engine can start
   * on it early. It grows with each token (never shrinks) and starts again from '' once the
   * segment is returned; it is '' until it holds something to say.
   *
   * It ends at a word or clause boundary: the word still arriving is left out, and so is anything
   * a too-long segment could be cut before — once the segment has a clause mark (`,` `;` `:`,
   * dash, `!` mid-sentence) in the second half of `maxChars` (past 125 characters by default),
   * the draft waits at the last one until another comes or the sentence ends. Clause marks
   * earlier than that are never a cut, so a sentence of ordinary length drafts word by word.
   * Text without spaces (Chinese, Japanese) drafts only at its clause marks (`、` `，`).
   *
   * @example
   * ```ts
   * const seg = new SentenceSegmenter();
   * seg.push('Hello there my');   // []
   * seg.draft();                  // 'Hello there'
   * seg.push(' friend. How');     // ['Hello there my friend.']
   * seg.draft();                  // ''
   * ```
   */
  draft(): string {
    return this.finder.draft();
  }

  private drain(): readonly string[] {
    if (this.out.length === 0) return NONE;
    const segments = this.out;
    this.out = [];
    return segments;
  }
}
