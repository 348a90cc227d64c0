import { isAlnum, isDigit, isSpace } from './chars.js';
import { matchTag } from './html-tags.js';
import type { LineKind } from './markdown-lines.js';

/** What the one-character lookahead is holding back. */
const enum Hold {
  None,
  /** A run of `*`, `_`, `~` (or `#` in a heading): emphasis or literal, by its neighbours. */
  Run,
  /** A run of backticks: opens or closes inline code. */
  Ticks,
  /** `]`: a link's URL follows if the next character is `(`. */
  Bracket,
  /** `!`: an image if the next character is `[`, else an exclamation mark. */
  Bang,
  /** `\`: escapes the next punctuation character. */
  Escape,
  /** `<…`: an HTML tag or autolink until proven otherwise. */
  Tag,
}

const EOL = '';
const ASCII_PUNCTUATION = /^[!-/:-@[-`{-~]$/;

/**
 * Strips inline markdown from one line at a time, streaming: emphasis markers, code backticks
 * (keeping the code), link and image syntax (keeping the text), HTML tags, table pipes. It
 * holds back at most the characters whose meaning the next one decides (a `*` run, a `]`, a `!`,
 * a backslash, an unfinished `<tag`), never more.
 */
export class InlineCleaner {
  private holdKind = Hold.None;
  private hold = '';
  /** The raw character before the held run: emphasis markers are judged by both neighbours. */
  private prevRaw = ' ';
  private codeTicks = 0;
  private linkDepth = 0;
  private kind: LineKind = 'para';
  private cellBreak = false;
  private cellSpace = false;
  private cellContent = false;

  /** @param out receives each cleaned code point (spaces included). */
  constructor(private readonly out: (ch: string) => void) {}

  /** Starts a line of the given kind (table rows turn pipes into commas). */
  startLine(kind: LineKind): void {
    this.kind = kind;
    this.prevRaw = ' ';
    this.cellBreak = this.cellSpace = this.cellContent = false;
  }

  /** Feeds one code point (never a newline). */
  feed(ch: string): void {
    if (this.holdKind !== Hold.None && this.resolve(ch)) return;
    this.dispatch(ch);
  }

  /** Ends the line: held characters are settled as if followed by a line end. */
  endLine(): void {
    while (this.holdKind !== Hold.None) this.resolve(EOL);
    this.codeTicks = 0;
    this.linkDepth = 0;
  }

  private dispatch(ch: string): void {
    if (this.linkDepth > 0) {
      if (ch === '(') this.linkDepth++;
      else if (ch === ')') this.linkDepth--;
      return;
    }
    if (this.codeTicks > 0) {
      if (ch === '`') this.start(Hold.Ticks, ch);
      else this.text(ch);
      return;
    }
    const hold = this.holdFor(ch);
    if (hold !== Hold.None) {
      this.start(hold, ch);
      return;
    }
    // `[` is dropped at once: whether `](url)` follows is settled at the `]`.
    if (ch === '|' && this.kind === 'table') this.cellBreak = true;
    else if (ch !== '[') this.text(ch);
    this.prevRaw = ch;
  }

  private holdFor(ch: string): Hold {
    switch (ch) {
      case '*':
      case '_':
      case '~':
        return Hold.Run;
      case '#':
        return this.kind === 'heading' ? Hold.Run : Hold.None;
      case '`':
        return Hold.Ticks;
      case ']':
        return Hold.Bracket;
      case '!':
        return Hold.Bang;
      case '\\':
        return Hold.Escape;
      case '<':
        return Hold.Tag;
      default:
        return Hold.None;
    }
  }

  private start(kind: Hold, ch: string): void {
    this.holdKind = kind;
    this.hold = ch;
  }

  private release(): string {
    const held = this.hold;
    this.holdKind = Hold.None;
    this.hold = '';
    return held;
  }

  /** Settles the hold with `next` (EOL at a line end); returns true if `next` was consumed. */
  private resolve(next: string): boolean {
    switch (this.holdKind) {
      case Hold.Run:
      case Hold.Ticks:
        if (next === this.hold[0]) {
          this.hold += next;
          return true;
        }
        if (this.holdKind === Hold.Run) this.settleRun(this.release(), next);
        else this.settleTicks(this.release().length);
        return false;
      case Hold.Bracket:
        this.release();
        this.prevRaw = ']';
        if (next !== '(') return false;
        this.linkDepth = 1;
        return true;
      case Hold.Bang:
        this.release();
        if (next !== '[') this.text('!');
        return false;
      case Hold.Escape:
        return this.settleEscape(next);
      case Hold.Tag:
        return this.settleTag(next);
      default:
        return false;
    }
  }

  /**
   * Emphasis markers are dropped when they touch a word; kept when they stand alone (`2 * 3`),
   * sit inside a word as `_` does in `snake_case`, or multiply digits (`2*3`).
   */
  private settleRun(run: string, next: string): void {
    const before = this.prevRaw;
    const after = next === EOL ? ' ' : next;
    const spaced = isSpace(before) && isSpace(after);
    let keep: boolean;
    switch (run[0]) {
      case '*':
        keep = run.length === 1 && (spaced || (isDigit(before) && isDigit(after)));
        break;
      case '_':
        keep = (isAlnum(before) && isAlnum(after)) || (run.length === 1 && spaced);
        break;
      case '#':
        keep = !(isSpace(before) && isSpace(after));
        break;
      default:
        keep = run.length === 1;
    }
    if (keep) for (const ch of run) this.text(ch);
    else this.prevRaw = run[0]!;
  }

  private settleTicks(count: number): void {
    if (this.codeTicks === 0) this.codeTicks = count;
    else if (count === this.codeTicks) this.codeTicks = 0;
    this.prevRaw = '`';
  }

  private settleEscape(next: string): boolean {
    this.release();
    if (next !== EOL && ASCII_PUNCTUATION.test(next)) {
      this.text(next);
      return true;
    }
    // A backslash at a line end is a markdown line break; elsewhere it is text (`C:\Users`).
    if (next !== EOL) this.text('\\');
    return false;
  }

  private settleTag(next: string): boolean {
    if (next !== EOL) this.hold += next;
    const verdict = next === EOL ? 'none' : matchTag(this.hold);
    if (verdict === 'partial') return true;
    const held = this.release();
    if (verdict === 'none') {
      this.replay(held);
      return next !== EOL;
    }
    if (verdict === 'inner') for (const ch of held.slice(1, -1)) this.text(ch);
    else if (verdict === 'space') this.text(' ');
    this.prevRaw = '>';
    return true;
  }

  /** Not a tag after all: `<` is text, and what followed it is fed again. */
  private replay(held: string): void {
    this.text('<');
    this.prevRaw = '<';
    for (const ch of held.slice(1)) this.feed(ch);
  }

  /** Emits one character of text, turning table pipes into ", " between non-empty cells. */
  private text(ch: string): void {
    this.prevRaw = ch;
    if (this.kind === 'table') {
      if (isSpace(ch)) {
        this.cellSpace = true;
        return;
      }
      if (this.cellContent && (this.cellBreak || this.cellSpace)) {
        if (this.cellBreak) this.out(',');
        this.out(' ');
      }
      this.cellBreak = this.cellSpace = false;
      this.cellContent = true;
    }
    this.out(ch);
  }
}
