import { abbreviationClass } from './abbreviations.js';

/**
 * Capitalised function words that start sentences far more often than they follow an initial or
 * an acronym: after `U.S.`, `B.` or `5 p.m.` they tell a sentence end (`in the U.S. However, …`)
 * from a name going on (`the U.S. Army`, `J. R. R. Tolkien`). Single letters are left out on
 * purpose: after an initial they are the next initial.
 */
// prettier-ignore
const STARTERS: ReadonlySet<string> = new Set([
  // English
  'the', 'this', 'that', 'these', 'those', 'there', 'then', 'they', 'their', 'it', 'its', "it's",
  'he', 'she', 'we', 'you', 'your', 'our', 'my', 'his', 'her', 'how', 'what', 'why', 'when',
  'where', 'who', 'which', 'while', 'but', 'and', 'so', 'if', 'as', 'at', 'in', 'on', 'for',
  'from', 'with', 'by', 'to', 'after', 'before', 'since', 'because', 'although', 'though',
  'however', 'also', 'yet', 'still', 'now', 'here', 'today', 'some', 'many', 'most', 'all',
  'each', 'every', 'no', 'not', 'one', 'an', 'is', 'are', 'was', 'were', 'do', 'does', 'did',
  'can', 'could', 'would', 'should', 'let', "let's", 'please', 'thanks', 'thank', 'yes', 'finally',
  'first', 'next', 'meanwhile', 'instead', 'otherwise', 'overall', "i'm", "i've", "i'll", "don't",
  // German
  'der', 'die', 'das', 'ich', 'er', 'sie', 'es', 'wir', 'ihr', 'dann', 'aber', 'und', 'doch',
  'auch', 'wenn', 'als', 'wie', 'was', 'wo', 'warum', 'heute', 'jetzt', 'hier', 'da', 'im', 'am',
  'auf', 'mit', 'nach', 'bei', 'ein', 'eine', 'man', 'mein', 'unser', 'diese', 'dieser', 'dieses',
  // Spanish
  'el', 'la', 'los', 'las', 'yo', 'tú', 'él', 'ella', 'nosotros', 'ellos', 'pero', 'entonces',
  'luego', 'después', 'hoy', 'aquí', 'sí', 'un', 'una', 'en', 'con', 'por', 'para', 'si',
  'cuando', 'como', 'qué', 'dónde', 'esto', 'este', 'esta',
  // French
  'le', 'les', 'je', 'tu', 'il', 'elle', 'nous', 'vous', 'ils', 'elles', 'mais', 'et', 'puis',
  'alors', 'ensuite', 'ici', 'ce', 'cette', "c'est", 'dans', 'avec', 'pour', 'quand', 'comment',
  'pourquoi', 'où', 'on',
]);

/**
 * Whether `word` (the whole word after a period, case-insensitive, `’` as `'`) usually starts a
 * sentence.
 *
 * @example
 * ```ts
 * startsSentence('However'); // true: "in the U.S. However, …" ends a sentence
 * startsSentence('Army');    // false: "the U.S. Army" goes on
 * ```
 */
export function startsSentence(word: string): boolean {
  return STARTERS.has(word.toLowerCase().replace(/’/g, "'"));
}

const ACRONYM = /^\p{Lu}[\p{Lu}\d]+$/u;

/**
 * Whether `word` (the whole word after `p.m.`, `Inc.`…) goes on naming something rather than
 * starting a sentence: an acronym (`EST`, `CEO`) or a title (`Mr`).
 *
 * @example
 * ```ts
 * isName('EST'); // true: "5 p.m. EST" goes on
 * isName('Be');  // false: "5 p.m. Be on time." ends
 * ```
 */
export function isName(word: string): boolean {
  return ACRONYM.test(word) || abbreviationClass(word) === 'title';
}
