import { endsSentence, type NextWordRule, type PendingStop } from './boundary-rules.js';
import { hasSpeakable, isAlnum, isSpace } from './chars.js';
import { EMOJI_GAP } from './emoji.js';
import type { ResolvedSentencesOptions } from './options.js';
import { CLOSERS, mergeStops, stopKind, WIDE_CLAUSE_MARKS } from './punctuation.js';
import { SegmentBuffer } from './segment-buffer.js';
import { isName, startsSentence } from './sentence-starters.js';

/** Longest next word a stop waits for (see `word` in {@link PendingStop}). */
const MAX_NEXT_WORD = 16;

function isWordChar(ch: string): boolean {
  return isAlnum(ch) || ch === "'" || ch === '’';
}

/** Punctuation that a dropped emoji's gap does not stay in front of. */
const TIGHT_PUNCTUATION: ReadonlySet<string> = new Set(['.', ',', '!', '?', ';', ':', '…']);

/**
 * Finds sentence boundaries in already-cleaned text, one code point at a time, and hands each
 * finished segment to `emit` the moment its boundary is certain.
 *
 * Input is what {@link SpeakableCleaner} produces: text where `'\n'` is a hard break (paragraph,
 * heading, list item) and any other whitespace is a soft space. A stop whose meaning depends on
 * what follows (`.` before `Smith` or `The`) is kept as a {@link PendingStop}; nothing else is
 * ever looked at twice, so feeding N characters costs O(N) whatever the token sizes.
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * const finder = new BoundaryFinder({ maxChars: 250, firstClauseMinChars: undefined }, (s) => out.push(s));
 * for (const ch of 'Dr. Smith came. Then') finder.feed(ch);
 * // out: ['Dr. Smith came.']; 'Then' waits for more or for end()
 * ```
 */
export class BoundaryFinder {
  private readonly buf: SegmentBuffer;
  private pending: PendingStop | null = null;
  private emitted = 0;
  /** Whether an emoji was dropped since the last visible character. */
  private afterGap = false;

  constructor(
    private readonly options: ResolvedSentencesOptions,
    private readonly emit: (segment: string) => void,
  ) {
    this.buf = new SegmentBuffer(options.maxChars);
  }

  /** Feeds one code point of cleaned text. */
  feed(ch: string): void {
    if (ch === '\n') {
      this.settleWord();
      this.flush(false);
      return;
    }
    let c = ch;
    if (c === EMOJI_GAP) {
      this.afterGap = true;
      c = ' ';
    } else if (this.afterGap && !isSpace(c)) {
      this.afterGap = false;
      if (TIGHT_PUNCTUATION.has(c) && this.pending === null) this.buf.dropTrailingSpace();
    }
    if (this.pending !== null && this.continuePending(c, this.pending)) return;
    this.accept(c);
  }

  /** Ends the text: whatever is held becomes the last segment. */
  end(): void {
    this.settleWord();
    this.flush(true);
  }

  /**
   * The text certain to begin the segment being built (see {@link SentenceSegmenter.draft}).
   * A pending stop caps it at the stop: an inline list's next number (`1. Tea 2. Milk`) is cut
   * off before the word that holds the stop, and any other cut is at the stop's end or later.
   */
  draft(): string {
    const end = this.buf.certainEnd(this.pending === null ? Infinity : this.pending.start);
    if (end === 0) return '';
    const text = this.buf.text.slice(0, end);
    return hasSpeakable(text) ? text : '';
  }

  /** Advances a pending stop; returns true if `ch` was consumed by it. */
  private continuePending(ch: string, stop: PendingStop): boolean {
    if (stop.phase === 'word') return this.continueWord(ch, stop);
    if (isSpace(ch)) {
      if (stop.phase !== 'space') {
        stop.phase = 'space';
        if (stop.kind === 'wide' || (stop.kind === 'exclaim' && !stop.closers)) {
          this.cut(stop.end);
          return true;
        }
      }
      this.buf.appendSpace();
      return true;
    }
    const kind = stop.phase === 'run' ? stopKind(ch, this.buf.lastChar()) : undefined;
    if (kind !== undefined || this.isCloserHere(ch, stop)) {
      if (this.buf.length + ch.length > this.options.maxChars) {
        this.cut(this.buf.length, true);
        return false;
      }
      this.buf.append(ch);
      stop.end = this.buf.length;
      if (kind !== undefined) {
        stop.kind = mergeStops(stop.kind, kind);
      } else {
        stop.phase = 'closers';
        stop.closers = true;
      }
      return true;
    }
    this.pending = null;
    const ends = endsSentence(stop, ch, this.buf.text);
    if (ends === 'nextItem') this.cut(this.buf.text.lastIndexOf(' ', stop.start) + 1);
    else if (typeof ends === 'string') return this.startWord(ch, stop, ends);
    else if (ends) this.cut(stop.end);
    return false;
  }

  /** Holds the stop while the word after it arrives (`the U.S. However` vs `the U.S. Army`). */
  private startWord(ch: string, stop: PendingStop, rule: NextWordRule): boolean {
    if (this.buf.length + ch.length > this.options.maxChars) return false;
    stop.phase = 'word';
    stop.wordRule = rule;
    stop.wordStart = this.buf.length;
    this.buf.append(ch);
    this.pending = stop;
    return true;
  }

  private continueWord(ch: string, stop: PendingStop): boolean {
    const wordLength = this.buf.length - stop.wordStart;
    const fits = this.buf.length + ch.length <= this.options.maxChars;
    if (isWordChar(ch) && fits && wordLength < MAX_NEXT_WORD) {
      this.buf.append(ch);
      return true;
    }
    if (!isWordChar(ch)) this.settleWord();
    this.pending = null;
    return false;
  }

  /** The word after the stop is complete: its {@link NextWordRule} decides. */
  private settleWord(): void {
    const stop = this.pending;
    if (stop === null || stop.phase !== 'word') return;
    this.pending = null;
    const word = this.buf.text.slice(stop.wordStart);
    const ends = stop.wordRule === 'endsBeforeStarter' ? startsSentence(word) : !isName(word);
    if (ends) this.cut(stop.end);
  }

  /**
   * Closing quotes and brackets right after the stop stay with it. After a space only `»`
   * closing an open `«` does (French spacing: `« Arrête. » Puis`); anything else opens the next.
   */
  private isCloserHere(ch: string, stop: PendingStop): boolean {
    if (stop.phase !== 'space') return CLOSERS.has(ch);
    if (ch !== '»') return false;
    const text = this.buf.text;
    return text.lastIndexOf('«') > text.lastIndexOf('»');
  }

  /** Appends `ch` when no stop is pending, and starts one if `ch` is a stop. */
  private accept(ch: string): void {
    const buf = this.buf;
    if (isSpace(ch)) {
      if (this.firstClauseDue()) this.cut(buf.length);
      buf.appendSpace();
      return;
    }
    this.makeRoom(ch);
    const start = buf.length;
    const kind = stopKind(ch, buf.lastChar());
    buf.append(ch);
    if (kind === undefined) {
      if (WIDE_CLAUSE_MARKS.has(ch) && this.firstClauseDue()) this.cut(buf.length);
      return;
    }
    if (kind === 'widePeriod' && buf.depth === 0) {
      this.cut(buf.length);
      return;
    }
    const pendingKind = kind === 'widePeriod' ? 'wide' : kind;
    this.pending = {
      kind: pendingKind,
      start,
      end: buf.length,
      phase: 'run',
      closers: false,
      wordStart: -1,
      wordRule: 'endsBeforeStarter',
    };
  }

  private firstClauseDue(): boolean {
    const min = this.options.firstClauseMinChars;
    return min !== undefined && this.emitted === 0 && this.buf.spokenLength > min && this.buf.endsWithClause();
  }

  /** Cuts the segment at {@link SegmentBuffer.overflowCut} until `ch` fits in `maxChars`. */
  private makeRoom(ch: string): void {
    while (this.buf.length > 0 && this.buf.length + ch.length > this.options.maxChars) {
      this.cut(this.buf.overflowCut(), true);
    }
  }

  /**
   * Emits the first `end` units as a segment. A piece with nothing to say (`。` after `。`,
   * a lone `」`) is not emitted but stays to lead the next segment — unless `forced` by
   * `maxChars`, when it is dropped so the buffer stays bounded.
   */
  private cut(end: number, forced = false): void {
    this.pending = null;
    if (!forced && !hasSpeakable(this.buf.text.slice(0, end))) return;
    const head = this.buf.take(end);
    if (!hasSpeakable(head)) return;
    this.emitted++;
    this.emit(head);
  }

  /** A hard break (or the end): the segment is finished whatever its last character. */
  private flush(atEnd: boolean): void {
    this.pending = null;
    if (this.buf.length === 0) return;
    if (hasSpeakable(this.buf.text)) this.cut(this.buf.length);
    else if (atEnd) this.buf.take(this.buf.length);
    else this.buf.appendSpace();
  }
}
