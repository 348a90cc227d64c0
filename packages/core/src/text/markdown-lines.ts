/**
 * Classifies the start of a markdown line — heading, list item, quote, fence, table row, rule —
 * from as few characters as possible, so a streaming cleaner holds back only the line's first
 * few characters, and only while they could still be a marker.
 */

/** How a content line is spoken and whether its end is a hard break. */
export type LineKind = 'para' | 'heading' | 'list' | 'table';

/** The verdict on a line's first characters. */
export type LineStart =
  /** Still ambiguous: wait for another character. */
  | { readonly type: 'pending' }
  /** A blockquote marker: drop `skip` characters and classify the rest of the line again. */
  | { readonly type: 'quote'; readonly skip: number }
  /** A code fence (`marker` is its backtick or tilde run); the rest of the line is its info string. */
  | { readonly type: 'fence'; readonly marker: string }
  /** A thematic break, table separator or setext underline: the whole line is dropped. */
  | { readonly type: 'drop' }
  /** A content line: drop `skip` marker characters and speak `prefix` in their place. */
  | { readonly type: 'line'; readonly kind: LineKind; readonly skip: number; readonly prefix: string };

const BULLETS = '-*+•◦▪‣●';
const MARKER_STARTS = new Set([...'#>`~_=|0123456789', ...BULLETS, ' ', '\t']);

const PENDING = [
  /^[ \t]*$/,
  /^[ \t]*([-*_])(?:[ \t]*\1)*[ \t]*$/,
  /^[ \t]*[-*+•◦▪‣●][ \t]+\[(?:[ xX]\]?)?$/,
  /^[ \t]*[+•◦▪‣●]$/,
  /^[ \t]*#{1,6}$/,
  /^[ \t]*\d{1,9}[.)]?$/,
  /^[ \t]*(?:`{1,2}|~{1,2})$/,
  /^[ \t]*\|[ \t:|-]*$/,
  /^[ \t]*=+[ \t]*$/,
];

const FENCE = /^[ \t]*(`{3,}|~{3,})/;
const QUOTE = /^[ \t]*>/;
const HEADING = /^[ \t]*#{1,6}(?=[ \t]|$)/;
const THEMATIC = /^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const TABLE_SEPARATOR = /^[ \t]*\|[ \t:|-]*-[ \t:|-]*$/;
const SETEXT = /^[ \t]*=+[ \t]*$/;
const TASK = /^[ \t]*[-*+•◦▪‣●][ \t]+\[[ xX]\](?=[ \t]|$)/;
const BULLET = /^[ \t]*[-*+•◦▪‣●](?=[ \t]|$)/;
const ORDERED = /^[ \t]*(\d{1,9})[.)](?=[ \t]|$)/;
const TABLE = /^[ \t]*\|/;

// A marker-looking line longer than this ("-----…") is decided without waiting for its end.
const MAX_HEAD = 80;

const PARA: LineStart = { type: 'line', kind: 'para', skip: 0, prefix: '' };
const PENDING_START: LineStart = { type: 'pending' };
const DROP: LineStart = { type: 'drop' };

/**
 * Classifies `head`, the characters of a line so far (no newline). `atEol` says the line ended,
 * which settles `---` (a rule) or `1.` alone. A blank head is always pending.
 *
 * @example
 * ```ts
 * classifyLineStart('## ', false);  // { type: 'line', kind: 'heading', skip: 2, prefix: '' }
 * classifyLineStart('1', false);    // { type: 'pending' }: maybe "1. item"
 * classifyLineStart('1) A', false); // { type: 'line', kind: 'list', skip: 2, prefix: '1.' }
 * ```
 */
export function classifyLineStart(head: string, atEol: boolean): LineStart {
  if (!MARKER_STARTS.has(head[0] ?? ' ')) return PARA;
  if (/^[ \t]*$/.test(head)) return PENDING_START;
  if (!atEol && PENDING.some((re) => re.test(head))) {
    if (head.length <= MAX_HEAD) return PENDING_START;
    if (THEMATIC.test(head) || TABLE_SEPARATOR.test(head) || SETEXT.test(head)) return DROP;
  }
  return decide(head, atEol);
}

function decide(head: string, atEol: boolean): LineStart {
  let m: RegExpExecArray | null;
  if ((m = FENCE.exec(head))) return { type: 'fence', marker: m[1]! };
  if ((m = QUOTE.exec(head))) return { type: 'quote', skip: m[0].length };
  if ((m = HEADING.exec(head))) return line('heading', m[0].length);
  if (atEol && (THEMATIC.test(head) || TABLE_SEPARATOR.test(head) || SETEXT.test(head))) {
    return DROP;
  }
  if ((m = TASK.exec(head) ?? BULLET.exec(head))) return line('list', m[0].length);
  if ((m = ORDERED.exec(head))) return line('list', m[0].length, `${m[1]!}.`);
  if (TABLE.test(head)) return line('table', 0);
  return PARA;
}

function line(kind: LineKind, skip: number, prefix = ''): LineStart {
  return { type: 'line', kind, skip, prefix };
}

const CLOSING_FENCE = /^[ \t]*(`{3,}|~{3,})[ \t]*$/;

/** Whether `text` (a whole line) closes a code fence opened with `opener`. */
export function closesFence(text: string, opener: string): boolean {
  const m = CLOSING_FENCE.exec(text);
  return m !== null && m[1]![0] === opener[0] && m[1]!.length >= opener.length;
}
