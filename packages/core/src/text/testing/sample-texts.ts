import fc from 'fast-check';

// Shared by the property tests of the segmenter and of the speech that is built on it.

/** Texts covering every rule, in several languages and in markdown. */
export const TEXTS = [
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

/** Splits `text` at the given UTF-16 offsets (surrogate pairs may be split on purpose). */
export function splitAt(text: string, cuts: readonly number[]): string[] {
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

/** Offsets at which to split `text` into tokens, for {@link splitAt}. */
export const tokenSplits = (text: string) => fc.array(fc.nat({ max: text.length }), { maxLength: Math.max(1, text.length >> 1) });

// prettier-ignore
const FRAGMENTS = [
  'Hello', 'world', 'Dr.', 'Mr', 'e.g.', 'U.S.', 'J.', 'etc.', '3.14', '$4', '1,000', 'v2.1',
  '. ', '.', '? ', '! ', '...', '…', '。', '！', '？', '，', '、', '"', '“', '”', '(', ')', '«', '»',
  '¿', '¡', ',', ';', ':', ' — ', ' ', ' ', ' ', '\n', '\n\n', '# ', '## ', '- ', '* ', '1. ', '> ',
  '```', '`', '**', '*', '_', '__', '~~', '[', ']', '](', '![', '<b>', '</b>', '<', '>', '|', '\\',
  'https://x.io/a.b', 'a@b.co', '👍', '🏽', '\u200D', '🇺🇸', '\uFE0F', '你好', 'Äpfel', 'т.д.',
  'Привет', 'and', 'the', 'A', 'b', 'z. B.', '10:30', 'p.m.', '\t', '---', '|---|', '1)',
];

/** Random text built from fragments that exercise every rule: markdown, stops, quotes, emoji. */
export const randomText = fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 60 }).map((parts) => parts.join(''));

/** Offsets for {@link splitAt} over a random text (an offset past the end wraps round). */
export const randomCuts = (maxLength: number) => fc.array(fc.nat({ max: 400 }), { maxLength });

// prettier-ignore
const CLAUSE_WORDS = [
  'a', 'so', 'well', 'then', 'weather', 'tomorrow', 'I', 'think', 'x,', 'yes,', 'now;', 'here:',
  'and,', 'but', '—', '–', 'or', 'fine!', 'ok?', 'wait…', 'really,', '1,000', 'e.g.', 'Dr.', '👍',
];

/**
 * Random run-ons of short words, most of them followed by a clause mark, so that a small
 * `maxChars` is reached with clause breaks in both halves of the segment.
 */
export const clauseHeavyText = fc.array(fc.constantFrom(...CLAUSE_WORDS), { minLength: 1, maxLength: 50 }).map((words) => words.join(' '));
