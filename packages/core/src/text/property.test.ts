import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasSpeakable } from './chars.js';
import type { SentencesOptions } from './options.js';
import { SentenceSegmenter } from './segmenter.js';
import { splitSentences } from './sentences.js';
import { cleanForSpeech } from './speakable.js';

/** Texts covering every rule, in several languages and in markdown. */
const TEXTS = [
  'Dr. Smith met Mrs. Jones and Mr. Brown at St. Mary’s, e.g. at 10:30 or 5 p.m. tomorrow. Then they paid $4.99, i.e. 1,000.50 cents in total etc. The U.S. Army vs. the navy: No. 5 and Fig. 3 show it. No. I disagree.',
  'Visit https://example.com/a.b?x=1.2 or write to john.doe@example.co.uk. Open report.final.pdf and index.ts. Version v2.1.0 is out! Is 3.14 pi? Yes.',
  'Wait... what? Wait... What now? He said "Stop." Then he left. (See above.) "Go!" she cried. Really?! Hmm… Maybe. It ends',
  'J. R. R. Tolkien and J.K. Rowling wrote books. A. Lincoln was president. The meeting is at 9 a.m. Bring snacks.',
  '# Getting started\n\nInstall it **first**. Then run `npm test` — see [the docs](https://x.dev/a.b_c) or ![diagram](d.png).\n\n## Steps\n1. First item\n2. Second item, with *emphasis*\n3) Third\n\n- bullet one\n* bullet two\n+ bullet three\n  - nested [x] item\n- [ ] task\n\n> A quote. Still quoted.\n\n```ts\nconst x = a.b(); // not spoken\n```\nAfter the code.\n\n| Name | Age |\n|------|----:|\n| Bob  | 42  |\n\n---\nThe <b>end</b>.<br>Bye',
  '¿Dónde está la Sra. García? ¡Aquí! El Dr. López llegó a las 10:30. Cuesta 4,99 €, p. ej. el libro. ¿Y tú? Bien.',
  'M. Dupont et Mme Martin sont arrivés. Il a dit « Arrête. » Puis il est parti. Quoi ? Non ! C’est-à-dire… rien. Voilà.',
  'Herr Dr. Müller kam z. B. am Montag. Er kaufte Äpfel, Birnen usw. Danach ging er nach Hause. Das kostet ca. 5 Euro bzw. mehr. Nr. 3 ist gut.',
  '你好。我很好！你呢？他说：“你好。”然后走了。价格是３．５元。好的',
  'こんにちは。元気ですか？「はい。」と彼は言った。すごい！！本当に。ありがとう',
  'Привет. Как дела? Всё хорошо, т.е. отлично. И т.д. Потом мы пошли домой! Это А. С. Пушкин.',
  'मैं ठीक हूँ। आप कैसे हैं? كيف حالك؟ أنا بخير. Τι κάνεις; Καλά. 안녕하세요. 반갑습니다!',
  'Great job 👍🏽! See you 🇺🇸 👨‍👩‍👧‍👦 soon ❤️. Keycap 1️⃣ and #️⃣ stay. I❤️NY. 🎉🎉',
  'this is a very long run-on sentence without any stop that goes on and on, with a comma here and there; and a semicolon — and a dash, and it keeps going because the model did not stop to breathe at all and it is longer than the limit for sure and then some more words follow it until the end which never comes',
  'Line one\nLine two\nand it continues\n\nNew paragraph without a stop\nAnother line',
  'Use `a*b*c` and `x_y` in code, \\*literal stars\\* and snake_case_name, 2 * 3 = 6, 2*3 too. __Bold__ and ~~struck~~ text. <https://auto.link/x> and <me@mail.io>. a < b and c > d. I <3 you.',
  'Steps: 1. Install. 2. Run. In 2019. The year 1984. 2020 was odd. Chapter IV. The end.',
  '**Note.** This matters. _Emphasis._ Next one. [Link.](http://a.b) Then. The end.**',
];

const MAX_SMALL = 40;

/** Segments of `text` fed as the given tokens. */
function feed(tokens: readonly string[], options?: SentencesOptions): string[] {
  const segmenter = new SentenceSegmenter(options);
  const out: string[] = [];
  for (const token of tokens) out.push(...segmenter.push(token));
  out.push(...segmenter.end());
  return out;
}

/** Splits `text` at the given UTF-16 offsets (surrogate pairs may be split on purpose). */
function splitAt(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const tokens: string[] = [];
  let from = 0;
  for (const p of points) {
    tokens.push(text.slice(from, p));
    from = p;
  }
  tokens.push(text.slice(from));
  return tokens;
}

/**
 * The segments say exactly the cleaned text, whitespace aside — except that a last piece with
 * nothing speakable in it (a lone `!!!` after the final boundary) is not emitted.
 */
function expectSameText(segments: readonly string[], cleaned: string): void {
  const said = segments.join('').replace(/\s+/g, '');
  const all = cleaned.replace(/\s+/g, '');
  expect(all.slice(0, said.length)).toBe(said);
  expect(hasSpeakable(all.slice(said.length))).toBe(false);
}

function checkSegments(segments: readonly string[], maxChars: number): void {
  for (const s of segments) {
    expect(s).toBe(s.trim());
    expect(s).not.toMatch(/\s\s|[\n\t\uFFFC]/);
    expect(hasSpeakable(s)).toBe(true);
    expect(s.length).toBeLessThanOrEqual(maxChars);
  }
}

const tokenSplits = (text: string) =>
  fc.array(fc.nat({ max: text.length }), { maxLength: Math.max(1, text.length >> 1) });

describe('segmentation properties over the sample texts', () => {
  for (const [i, text] of TEXTS.entries()) {
    it(`text ${i}: any token split gives the same segments, which join to the cleaned text`, () => {
      const reference = splitSentences(text);
      const cleaned = cleanForSpeech(text);
      expect(reference.length).toBeGreaterThan(0);
      expectSameText(reference, cleaned);
      checkSegments(reference, 250);
      expect(feed([...text])).toEqual(reference);
      expect(feed(text.split(''))).toEqual(reference);
      fc.assert(
        fc.property(tokenSplits(text), (cuts) => {
          expect(feed(splitAt(text, cuts))).toEqual(reference);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('the same holds with a small maxChars and an early first clause', () => {
    const options = { maxChars: MAX_SMALL, firstClauseMinChars: 10 };
    for (const text of TEXTS) {
      const reference = splitSentences(text, options);
      checkSegments(reference, MAX_SMALL);
      expect(reference.join('').replace(/\s+/g, '')).toBe(
        splitSentences(text).join('').replace(/\s+/g, ''),
      );
      fc.assert(
        fc.property(tokenSplits(text), (cuts) => {
          expect(feed(splitAt(text, cuts), options)).toEqual(reference);
        }),
        { numRuns: 15 },
      );
    }
  });
});

const FRAGMENTS = [
  'Hello', 'world', 'Dr.', 'Mr', 'e.g.', 'U.S.', 'J.', 'etc.', '3.14', '$4', '1,000', 'v2.1',
  '. ', '.', '? ', '! ', '...', '…', '。', '！', '？', '，', '、', '"', '“', '”', '(', ')', '«', '»',
  '¿', '¡', ',', ';', ':', ' — ', ' ', ' ', ' ', '\n', '\n\n', '# ', '## ', '- ', '* ', '1. ', '> ',
  '```', '`', '**', '*', '_', '__', '~~', '[', ']', '](', '![', '<b>', '</b>', '<', '>', '|', '\\',
  'https://x.io/a.b', 'a@b.co', '👍', '🏽', '\u200D', '🇺🇸', '\uFE0F', '你好', 'Äpfel', 'т.д.',
  'Привет', 'and', 'the', 'A', 'b', 'z. B.', '10:30', 'p.m.', '\t', '---', '|---|', '1)',
];

const randomText = fc
  .array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 60 })
  .map((parts) => parts.join(''));

describe('segmentation properties over random markdown-ish text', () => {
  it('is independent of the token split and keeps every speakable character', () => {
    fc.assert(
      fc.property(randomText, fc.array(fc.nat({ max: 400 }), { maxLength: 40 }), (text, cuts) => {
        const reference = splitSentences(text);
        checkSegments(reference, 250);
        expect(feed(splitAt(text, cuts))).toEqual(reference);
        expect(feed([...text])).toEqual(reference);
        expectSameText(reference, cleanForSpeech(text));
      }),
      { numRuns: 400 },
    );
  });

  it('keeps segments within a small maxChars', () => {
    fc.assert(
      fc.property(randomText, fc.array(fc.nat({ max: 400 }), { maxLength: 20 }), (text, cuts) => {
        const options = { maxChars: 24, firstClauseMinChars: 5 };
        const reference = splitSentences(text, options);
        checkSegments(reference, 24);
        expect(feed(splitAt(text, cuts), options)).toEqual(reference);
      }),
      { numRuns: 300 },
    );
  });
});
