/**
 * Recognises an HTML tag or autolink as it streams in, so `<b>` can be dropped while `a < b`
 * and `I <3 you` are kept. The caller buffers from `<` and asks after each character.
 */

/** What a buffer that starts with `<` turned out to be. */
export type TagMatch =
  /** Could still become a tag or autolink: keep buffering. */
  | 'partial'
  /** A complete tag, comment or declaration: drop it. */
  | 'drop'
  /** A complete tag that separates words (`<br>`, `</p>`): replace with a space. */
  | 'space'
  /** A complete autolink (`<https://…>`, `<a@b.c>`): keep what is inside the brackets. */
  | 'inner'
  /** Not a tag: the `<` is literal text. */
  | 'none';

const TAG = /^<\/?[A-Za-z][A-Za-z0-9-]*(?:[\s/][^<>]*)?>$/;
const DECLARATION = /^<![^<>]*>$/;
const AUTOLINK = /^<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>$/;
const EMAIL = /^<[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*>$/;
const BLOCK_TAG = /^<\/?(?:br|p|div|li|ul|ol|tr|td|th|table|hr|h[1-6]|blockquote|pre|section|article|header|footer|dd|dt)\b/i;

const PARTIAL_TAG = [/^<[/!]?$/, /^<\/?[A-Za-z][A-Za-z0-9-]*(?:[\s/][^<>]*)?$/, /^<![^<>]*$/];
const PARTIAL_LINK = [/^<[A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*$/, /^<[\w.!#$%&'*+/=?^`{|}~-]+(?:@[A-Za-z0-9.-]*)?$/];

// A tag longer than this is almost surely `x<y` prose; links may run longer.
const MAX_TAG = 64;
const MAX_LINK = 512;

/**
 * Classifies `buffer` (which starts with `<` and holds no newline) after its latest character.
 *
 * @example
 * ```ts
 * matchTag('<b');   // 'partial'
 * matchTag('<b>');  // 'drop'
 * matchTag('< ');   // 'none'
 * matchTag('<https://example.com>'); // 'inner'
 * ```
 */
export function matchTag(buffer: string): TagMatch {
  if (buffer.endsWith('>')) {
    if (AUTOLINK.test(buffer) || EMAIL.test(buffer)) return 'inner';
    if (TAG.test(buffer)) return BLOCK_TAG.test(buffer) ? 'space' : 'drop';
    return DECLARATION.test(buffer) ? 'drop' : 'none';
  }
  if (buffer.length <= MAX_TAG && PARTIAL_TAG.some((re) => re.test(buffer))) return 'partial';
  if (buffer.length <= MAX_LINK && PARTIAL_LINK.some((re) => re.test(buffer))) return 'partial';
  return 'none';
}
