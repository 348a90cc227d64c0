import { isLower, isSpace } from './chars.js';
import { EMOJI_GAP, isEmojiPart, isInvisible, ZWJ } from './emoji.js';
import { InlineCleaner } from './markdown-inline.js';
import { classifyLineStart, closesFence, type LineKind } from './markdown-lines.js';

/** Where the cleaner is in a line. */
type Mode = 'lineStart' | 'inline' | 'skipLine' | 'fence';

// Leading whitespace only matters for matching markers, so a blank line start is kept short.
const MAX_BLANK_HEAD = 8;
const MAX_FENCE_LINE = 64;
const BLANK = /^[ \t]*$/;
// Mirrors BoundaryFinder: `job 👍!` is spoken `job!`.
const GAP_BEFORE_PUNCTUATION = / ?\uFFFC[ \uFFFC]*(?=[.,!?;:…])/g;

/**
 * Turns a markdown token stream into speakable text, streaming and in O(1) per character.
 * Output goes to `sink` one code point at a time: text, `' '`, and `'\n'` for a hard break (a
 * paragraph, heading, list item, table row or code block ends; a line break before a capital).
 *
 * Dropped: emphasis markers, heading `#`, bullets, quote `>`, code fences with their code,
 * link and image syntax (their text is kept), HTML tags, table pipes, emoji. Numbered list
 * markers are spoken as `"3."` (`3)` becomes `3.` too). Decisions never depend on how the
 * input is split into chunks, only on the characters.
 *
 * @example
 * ```ts
 * let out = '';
 * const cleaner = new SpeakableCleaner((ch) => (out += ch));
 * cleaner.push('## Hi **there** 👋\n- [docs](https://x.y)');
 * cleaner.end();
 * // out: '\n Hi there \uFFFC \n\n docs': '\n' is a hard break, U+FFFC the dropped emoji's gap,
 * // and whitespace is collapsed downstream
 * ```
 */
export class SpeakableCleaner {
  private mode: Mode = 'lineStart';
  private head = '';
  private highSurrogate = '';
  /** After a single newline in a paragraph: a hard break unless the next line starts lowercase. */
  private softBreak = false;
  private lineKind: LineKind = 'para';
  private quoted = false;
  private prevQuoted = false;
  private fence = '';
  private fenceLine = '';
  private afterEmoji = false;
  private readonly inline = new InlineCleaner((ch) => this.emit(ch));

  /** @param sink receives each cleaned code point. */
  constructor(private readonly sink: (ch: string) => void) {}

  /** Feeds a chunk of any size; a surrogate pair split across chunks is rejoined. */
  push(chunk: string): void {
    let text = this.highSurrogate + chunk;
    this.highSurrogate = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.highSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const low = c >= 0xd800 && c <= 0xdbff ? text.charCodeAt(i + 1) : 0;
      if (low >= 0xdc00 && low <= 0xdfff) {
        this.feed(text.slice(i, i + 2));
        i++;
      } else {
        this.feed(text[i]!);
      }
    }
  }

  /** Ends the input: held characters are settled as at the end of a line. */
  end(): void {
    if (this.highSurrogate !== '') this.feed(this.highSurrogate);
    this.highSurrogate = '';
    if (this.mode === 'lineStart') this.decideHead(true);
    if (this.mode === 'inline') this.inline.endLine();
  }

  private feed(ch: string): void {
    if (ch === '\r') return;
    const c = ch === '\u2028' || ch === '\u2029' ? '\n' : ch;
    switch (this.mode) {
      case 'inline':
        if (c === '\n') this.endLine();
        else this.inline.feed(c);
        return;
      case 'lineStart':
        this.feedHead(c);
        return;
      case 'skipLine':
        if (c === '\n') this.nextLine(this.fence === '' ? 'lineStart' : 'fence');
        return;
      case 'fence':
        this.feedFence(c);
    }
  }

  private feedHead(ch: string): void {
    if (ch !== '\n') {
      const blankTail = this.head.length >= MAX_BLANK_HEAD && (ch === ' ' || ch === '\t');
      if (!blankTail || !BLANK.test(this.head)) this.head += ch;
      this.decideHead(false);
      return;
    }
    this.decideHead(true);
    if (this.mode === 'lineStart') {
      // A blank line (or a quote line with nothing in it): a paragraph break.
      this.hardBreak();
      this.nextLine('lineStart');
    } else {
      this.feed('\n');
    }
  }

  /** Classifies the line start held in `head`, then replays the rest of it as content. */
  private decideHead(atEol: boolean): void {
    for (;;) {
      const start = classifyLineStart(this.head, atEol);
      switch (start.type) {
        case 'pending':
          return;
        case 'quote':
          this.quoted = true;
          this.head = this.head.slice(start.skip);
          continue;
        case 'fence':
          this.fence = start.marker;
          this.skipLine();
          return;
        case 'drop':
          this.skipLine();
          return;
        case 'line':
          this.startLine(start.kind, start.prefix, this.head.slice(start.skip));
          return;
      }
    }
  }

  private startLine(kind: LineKind, prefix: string, rest: string): void {
    this.lineKind = kind;
    if (kind !== 'para' || this.quoted !== this.prevQuoted) this.hardBreak();
    this.mode = 'inline';
    this.head = '';
    this.inline.startLine(kind);
    for (const ch of prefix) this.emit(ch);
    for (const ch of rest) this.inline.feed(ch);
  }

  private skipLine(): void {
    this.hardBreak();
    this.head = '';
    this.mode = 'skipLine';
  }

  private endLine(): void {
    this.inline.endLine();
    // The space is certain either way, and lets `?` before the newline release at once.
    this.emit(' ');
    if (this.lineKind === 'para') this.softBreak = true;
    else this.hardBreak();
    this.nextLine('lineStart');
  }

  private nextLine(mode: Mode): void {
    this.prevQuoted = this.quoted;
    this.quoted = false;
    this.lineKind = 'para';
    this.head = '';
    this.fenceLine = '';
    this.mode = mode;
  }

  private feedFence(ch: string): void {
    if (ch !== '\n') {
      if (this.fenceLine.length <= MAX_FENCE_LINE) this.fenceLine += ch;
      return;
    }
    if (closesFence(this.fenceLine, this.fence)) {
      this.fence = '';
      this.hardBreak();
      this.nextLine('lineStart');
    } else {
      this.fenceLine = '';
    }
  }

  private hardBreak(): void {
    this.softBreak = false;
    this.sink('\n');
  }

  /** The one exit: drops emoji and invisibles, and settles a pending line break. */
  private emit(ch: string): void {
    let c = ch;
    if (isEmojiPart(c)) {
      if (this.afterEmoji) return;
      this.afterEmoji = true;
      c = EMOJI_GAP;
    } else if (c === ZWJ ? this.afterEmoji : isInvisible(c)) {
      return;
    } else {
      this.afterEmoji = false;
    }
    if (c === EMOJI_GAP || isSpace(c)) {
      if (!this.softBreak) this.sink(c === EMOJI_GAP ? c : ' ');
      return;
    }
    if (this.softBreak) {
      this.softBreak = false;
      if (!isLower(c)) this.sink('\n');
    }
    this.sink(c);
  }
}

/**
 * The speakable text of a whole markdown string: what the segments of {@link splitSentences}
 * say, one line per hard break, whitespace collapsed.
 *
 * @example
 * ```ts
 * cleanForSpeech('# Title\nSome **bold** text 🎉'); // 'Title\nSome bold text'
 * ```
 */
export function cleanForSpeech(text: string): string {
  const parts: string[] = [];
  const cleaner = new SpeakableCleaner((ch) => parts.push(ch));
  cleaner.push(text);
  cleaner.end();
  return parts
    .join('')
    .replace(GAP_BEFORE_PUNCTUATION, '')
    .split('\n')
    .map((line) => line.replace(/[\s\uFFFC]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}
