import { describe, expect, it } from 'vitest';
import type { SentencesOptions } from './options.js';
import { SentenceSegmenter } from './segmenter.js';
import { splitSentences } from './sentences.js';

function segmentTokens(tokens: Iterable<string>, options?: SentencesOptions): string[] {
  const segmenter = new SentenceSegmenter(options);
  const out: string[] = [];
  for (const token of tokens) out.push(...segmenter.push(token));
  out.push(...segmenter.end());
  return out;
}

/** Checks the split both as one token and fed one code point at a time. */
function expectSegments(text: string, expected: readonly string[], options?: SentencesOptions): void {
  expect(splitSentences(text, options)).toEqual(expected);
  expect(segmentTokens(text, options)).toEqual(expected);
}

type Case = readonly [name: string, text: string, expected: readonly string[]];

function cases(list: readonly Case[]): void {
  for (const [name, text, expected] of list) it(name, () => expectSegments(text, expected));
}

describe('periods', () => {
  cases([
    ['a period, a space and a capital end a sentence', 'It rained. We stayed in.', ['It rained.', 'We stayed in.']],
    ['lowercase after ". " does not', 'It costs approx. five dollars.', ['It costs approx. five dollars.']],
    ['a digit after ". " starts a sentence', 'It costs $5. 3 people paid.', ['It costs $5.', '3 people paid.']],
    ['no space after the period: no boundary', 'See example.Com now.', ['See example.Com now.']],
    ['Russian', 'Привет. Как дела?', ['Привет.', 'Как дела?']],
    [
      'Korean and Arabic (caseless letters start sentences)',
      '안녕하세요. 반갑습니다. أنا بخير. شكرا.',
      ['안녕하세요.', '반갑습니다.', 'أنا بخير.', 'شكرا.'],
    ],
  ]);
});

describe('abbreviations', () => {
  cases([
    ['English titles', 'Dr. Smith and Mrs. Jones met Mr. Brown at St. Louis.', ['Dr. Smith and Mrs. Jones met Mr. Brown at St. Louis.']],
    [
      'e.g., i.e. and vs. before a capital',
      'Use a language, e.g. Python, i.e. Python 3, vs. Ruby. Done.',
      ['Use a language, e.g. Python, i.e. Python 3, vs. Ruby.', 'Done.'],
    ],
    [
      '"etc." at the end of a sentence is a boundary',
      'Bring pens, paper etc. The rest is here.',
      ['Bring pens, paper etc.', 'The rest is here.'],
    ],
    ['"etc." mid-sentence is not', 'Bring pens, paper etc. and food.', ['Bring pens, paper etc. and food.']],
    ['No. and Fig. before numbers', 'See No. 5 and Fig. 3 here.', ['See No. 5 and Fig. 3 here.']],
    ['"No." as a word is a sentence', 'No. I disagree.', ['No.', 'I disagree.']],
    ['months before a day', 'It opens Dec. 25 this year.', ['It opens Dec. 25 this year.']],
    ['a.m. and p.m. mid-sentence', 'Come at 5 p.m. tomorrow or 9 a.m. today.', ['Come at 5 p.m. tomorrow or 9 a.m. today.']],
    ['p.m. ending a sentence', 'The show starts at 5 p.m. Be on time.', ['The show starts at 5 p.m.', 'Be on time.']],
    ['dotted acronyms', 'The U.S. Army and the U.K. Navy met.', ['The U.S. Army and the U.K. Navy met.']],
    [
      'a dotted acronym before a sentence starter ends the sentence',
      'I live in the U.S. However, I travel. I like the E.U. How about you?',
      ['I live in the U.S.', 'However, I travel.', 'I like the E.U.', 'How about you?'],
    ],
    [
      'p.m. and Inc. go on before an acronym or a title',
      'Call at 5 p.m. EST today. Apple Inc. CEO Tim spoke. At 5 a.m. Mr. Smith left.',
      ['Call at 5 p.m. EST today.', 'Apple Inc. CEO Tim spoke.', 'At 5 a.m. Mr. Smith left.'],
    ],
    [
      'Inc. and Jr. before another word end the sentence',
      'I work at Acme Inc. We build tools. Ask John Jr. He knows.',
      ['I work at Acme Inc.', 'We build tools.', 'Ask John Jr.', 'He knows.'],
    ],
    [
      '"I." ends a sentence before a starter, is an initial before a name',
      'You and I. Did you see Albert I. Jones?',
      ['You and I.', 'Did you see Albert I. Jones?'],
    ],
    ['N°. before a number', 'It is at N°. 1026.253.553. That is all.', ['It is at N°. 1026.253.553.', 'That is all.']],
    [
      'Spanish',
      'La Sra. García y el Dr. López llegaron. Luego la Dra. Ruiz.',
      ['La Sra. García y el Dr. López llegaron.', 'Luego la Dra. Ruiz.'],
    ],
    ['French', 'Mme Martin et M. Dupont sont là. Mlle. Roux aussi.', ['Mme Martin et M. Dupont sont là.', 'Mlle. Roux aussi.']],
    [
      'German z. B., bzw., usw.',
      'Obst, z. B. Äpfel bzw. Birnen usw. Danach gehen wir.',
      ['Obst, z. B. Äpfel bzw. Birnen usw.', 'Danach gehen wir.'],
    ],
    ['German z.B. and d. h.', 'Viele, z.B. Anna, d. h. Kollegen. Gut.', ['Viele, z.B. Anna, d. h. Kollegen.', 'Gut.']],
    ['Russian т.е. and т.д.', 'Всё, т.е. Москва и т.д. Потом домой.', ['Всё, т.е. Москва и т.д.', 'Потом домой.']],
  ]);
});

describe('numbers, URLs, e-mail, files', () => {
  cases([
    [
      'decimals, versions, prices',
      'Pi is 3.14 and v2.1.0 costs $4.99 or 1,000.50 total. Next.',
      ['Pi is 3.14 and v2.1.0 costs $4.99 or 1,000.50 total.', 'Next.'],
    ],
    ['URLs', 'Go to https://example.com/a.b?x=1.2 now. Then stop.', ['Go to https://example.com/a.b?x=1.2 now.', 'Then stop.']],
    ['a URL ending a sentence', 'Visit https://example.com. Then stop.', ['Visit https://example.com.', 'Then stop.']],
    ['e-mail addresses', 'Mail john.doe@example.co.uk today. Thanks.', ['Mail john.doe@example.co.uk today.', 'Thanks.']],
    ['file names', 'Open report.final.pdf and index.ts. Then run it.', ['Open report.final.pdf and index.ts.', 'Then run it.']],
    ['times', 'We meet at 10:30. Then at 5 p.m. tomorrow.', ['We meet at 10:30.', 'Then at 5 p.m. tomorrow.']],
    ['full-width decimals in Chinese', '价格是３．５元。好的。', ['价格是３．５元。', '好的。']],
  ]);
});

describe('numbered lists', () => {
  cases([
    ['a list number at the start of a segment is not a sentence', '1. First item\n2. Second item', ['1. First item', '2. Second item']],
    ['"1)" is spoken as "1."', '1) First\n2) Second', ['1. First', '2. Second']],
    ['an inline list after a colon', 'Steps: 1. Install. 2. Run.', ['Steps: 1. Install.', '2. Run.']],
    [
      'an inline list without stops: the next number starts the next item',
      '1. The first item 2. The second item 3. The third',
      ['1. The first item', '2. The second item', '3. The third'],
    ],
    ['a year ending a sentence is a boundary', 'It was 2019. Then 2020 came.', ['It was 2019.', 'Then 2020 came.']],
    ['a small number ending a sentence is a boundary', 'The answer is 42. That is all.', ['The answer is 42.', 'That is all.']],
    [
      'German ordinals after an article or preposition',
      'Am 3. Oktober war es kalt. Im 19. Jahrhundert auch. Der 2. Weltkrieg endete.',
      ['Am 3. Oktober war es kalt.', 'Im 19. Jahrhundert auch.', 'Der 2. Weltkrieg endete.'],
    ],
  ]);
});

describe('initials', () => {
  cases([
    ['spaced initials', 'J. R. R. Tolkien wrote it. Then he slept.', ['J. R. R. Tolkien wrote it.', 'Then he slept.']],
    ['joined initials', 'J.K. Rowling wrote it. A. Lincoln read it.', ['J.K. Rowling wrote it.', 'A. Lincoln read it.']],
    ['Cyrillic initials', 'Это А. С. Пушкин. Он поэт.', ['Это А. С. Пушкин.', 'Он поэт.']],
  ]);
});

describe('ellipses', () => {
  cases([
    ['before lowercase: no boundary', 'Wait... what? Hmm… okay.', ['Wait... what?', 'Hmm… okay.']],
    ['before a capital: a boundary', 'Wait... What? Hmm… Okay.', ['Wait...', 'What?', 'Hmm…', 'Okay.']],
    ['before a digit: no boundary', 'Count 1... 2... 3.', ['Count 1... 2... 3.']],
    ['French', 'C’est-à-dire… rien. Voilà… Fini.', ['C’est-à-dire… rien.', 'Voilà…', 'Fini.']],
    [
      'spaced ellipses',
      'It was weakened . . . was it? It ended. . . . Then more.',
      ['It was weakened . . . was it?', 'It ended. . . .', 'Then more.'],
    ],
    ['before a bracket: no boundary', 'Bohr ... used stairways ... (Smith 55).', ['Bohr ... used stairways ... (Smith 55).']],
  ]);
});

describe('question and exclamation marks', () => {
  cases([
    ['a space after ? or ! is a boundary', 'Really? yes! Now.', ['Really?', 'yes!', 'Now.']],
    ['runs stay together', 'What?! No!!! Okay?', ['What?!', 'No!!!', 'Okay?']],
    ['no space: no boundary', 'Yahoo!Inc and a?b here.', ['Yahoo!Inc and a?b here.']],
    ['Spanish inverted marks open the next sentence', '¿Dónde está? ¡Aquí! ¿Sí?¡No!', ['¿Dónde está?', '¡Aquí!', '¿Sí?', '¡No!']],
    ['French spacing', 'Quoi ? Non ! Bon.', ['Quoi ?', 'Non !', 'Bon.']],
    [
      'Devanagari danda, Arabic and Greek question marks',
      'मैं ठीक हूँ। आप? كيف حالك؟ جيد. Τι κάνεις; Καλά.',
      ['मैं ठीक हूँ।', 'आप?', 'كيف حالك؟', 'جيد.', 'Τι κάνεις;', 'Καλά.'],
    ],
    ['a semicolon outside Greek is not a stop', 'I came; I saw. Done.', ['I came; I saw.', 'Done.']],
  ]);
});

describe('closing quotes and brackets', () => {
  cases([
    ['a quote after the stop stays with the sentence', 'He said "Stop." Then he left.', ['He said "Stop."', 'Then he left.']],
    ['brackets', '(See above.) Then go. [Really!] Yes.', ['(See above.)', 'Then go.', 'Really!', 'Yes.']],
    ['curly and single quotes', 'She said “Go.” He said ‘No.’ Fine.', ['She said “Go.”', 'He said ‘No.’', 'Fine.']],
    ['a quote then lowercase continues the sentence', '"Stop!" he said. "Go?" she asked.', ['"Stop!" he said.', '"Go?" she asked.']],
    ['an opening quote after the space starts the next sentence', 'He left. "Why?" she asked.', ['He left.', '"Why?" she asked.']],
    ['French guillemets with spaces', 'Il dit « Arrête. » Puis il part.', ['Il dit « Arrête. »', 'Puis il part.']],
    ['German quotes', 'Er sagte: „Komm.“ Dann ging er.', ['Er sagte: „Komm.“', 'Dann ging er.']],
  ]);
});

describe('CJK and full-width punctuation', () => {
  cases([
    ['Chinese', '你好。我很好！你呢？好的', ['你好。', '我很好！', '你呢？', '好的']],
    ['Japanese', 'こんにちは。元気ですか？はい！', ['こんにちは。', '元気ですか？', 'はい！']],
    ['full-width period', '今日は晴れ．明日は雨．', ['今日は晴れ．', '明日は雨．']],
    ['full-width mark runs stay together', 'すごい！！本当？！うん。', ['すごい！！', '本当？！', 'うん。']],
    ['a closing quote after 。 stays inside the quote', '他说：“你好。”然后走了。', ['他说：“你好。”', '然后走了。']],
    ['ASCII stops before CJK', '真的吗?我不知道!好.', ['真的吗?', '我不知道!', '好.']],
  ]);
});

describe('lines and paragraphs', () => {
  cases([
    ['a blank line is a boundary without a stop', 'First paragraph\n\nSecond paragraph', ['First paragraph', 'Second paragraph']],
    ['a line break before a capital is a boundary', 'Roses are red\nViolets are blue', ['Roses are red', 'Violets are blue']],
    ['a line break before lowercase is a soft wrap', 'This line\nwraps here.', ['This line wraps here.']],
    ['a line break after a heading is a boundary', '# Intro\nwelcome here', ['Intro', 'welcome here']],
    ['a line break after a list item is a boundary', '- one\ntwo', ['one', 'two']],
    ['Windows line endings', 'One line\r\n\r\nTwo line', ['One line', 'Two line']],
    ['text without a final stop is released at the end', 'No stop at the end', ['No stop at the end']],
    ['a pending abbreviation at the end is released', 'Ask Dr.', ['Ask Dr.']],
  ]);
});

describe('empty input', () => {
  cases([
    ['empty', '', []],
    ['whitespace only', '  \n\n\t  ', []],
    ['emoji only', '👍🏽 🇺🇸 👨‍👩‍👧', []],
    ['punctuation only', '... !!! ---', []],
    ['markdown only', '**\n---\n```\ncode\n```', []],
  ]);

  it('a punctuation-only piece leads the next segment instead of being spoken alone', () => {
    expectSegments('好。。对', ['好。', '。对']);
  });
});

describe('early release at push level', () => {
  it('releases ". " + capital when the capital arrives', () => {
    const s = new SentenceSegmenter();
    expect(s.push('Hello world.')).toEqual([]);
    expect(s.push(' ')).toEqual([]);
    expect(s.push('T')).toEqual(['Hello world.']);
    expect(s.end()).toEqual(['T']);
  });

  it('releases "?" and "!" at the space', () => {
    const s = new SentenceSegmenter();
    expect(s.push('Really?')).toEqual([]);
    expect(s.push(' ')).toEqual(['Really?']);
    expect(s.push('Wow!')).toEqual([]);
    expect(s.push(' ')).toEqual(['Wow!']);
  });

  it('after an acronym, waits for the whole next word and no longer', () => {
    const s = new SentenceSegmenter();
    expect(s.push('We live in the U.S.')).toEqual([]);
    expect(s.push(' Howev')).toEqual([]);
    expect(s.push('er,')).toEqual(['We live in the U.S.']);
    expect(s.push(' the U.S. Army')).toEqual([]);
    expect(s.push(' won.\n\n')).toEqual(['However, the U.S. Army won.']);
  });

  it('releases "。" with no further input', () => {
    const s = new SentenceSegmenter();
    expect(s.push('你好')).toEqual([]);
    expect(s.push('。')).toEqual(['你好。']);
  });

  it('holds a number "3." until the next character', () => {
    const s = new SentenceSegmenter();
    expect(s.push('It is 3.')).toEqual([]);
    expect(s.push('14 now. N')).toEqual(['It is 3.14 now.']);
  });

  it('releases a paragraph at the first character of the next one', () => {
    const s = new SentenceSegmenter();
    expect(s.push('A heading line\n\n')).toEqual(['A heading line']);
    expect(s.push('# Title\n')).toEqual(['Title']);
  });

  it('rejects non-strings and pushes after end', () => {
    const s = new SentenceSegmenter();
    expect(() => s.push(42 as unknown as string)).toThrow(/string token/);
    s.end();
    expect(() => s.push('x')).toThrow(/after end/);
    expect(s.end()).toEqual([]);
  });
});
