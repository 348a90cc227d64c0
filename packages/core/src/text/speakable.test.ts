import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.js';
import { cleanForSpeech, SpeakableCleaner } from './speakable.js';

type Case = readonly [name: string, markdown: string, spoken: string];

function cases(list: readonly Case[]): void {
  for (const [name, markdown, spoken] of list) {
    it(name, () => expect(cleanForSpeech(markdown)).toBe(spoken));
  }
}

describe('cleanForSpeech: inline markdown', () => {
  cases([
    [
      'bold and italic markers',
      'A **bold**, *italic*, ***both*** and __under__ _score_ word.',
      'A bold, italic, both and under score word.',
    ],
    ['strikethrough', 'Keep ~~this~~ text, and ~5 minutes.', 'Keep this text, and ~5 minutes.'],
    ['underscores inside words stay', 'Call snake_case_name and __init__ now.', 'Call snake_case_name and init now.'],
    ['a lone * is arithmetic, not emphasis', 'So 2 * 3 = 6 and 2*3 too.', 'So 2 * 3 = 6 and 2*3 too.'],
    ['inline code keeps its text and its symbols', 'Run `npm i` then `a*b*c` or ``x`y``.', 'Run npm i then a*b*c or xy.'],
    ['links keep their text', 'See [the docs](https://x.dev/a_(b)) now.', 'See the docs now.'],
    ['images keep their alt text', 'Look: ![a cat](cat.png) here.', 'Look: a cat here.'],
    ['an exclamation mark before a bracket that is no image', 'Wow![1] Yes', 'Wow1 Yes'],
    ['citations lose their brackets', 'As shown [1] before.', 'As shown 1 before.'],
    ['HTML tags are dropped', 'The <b>end</b> <span class="x">here</span>.', 'The end here.'],
    ['block tags separate words', 'one<br>two<br/>three</p>four', 'one two three four'],
    ['autolinks keep their address', 'Go <https://a.io/x> or <me@mail.io>.', 'Go https://a.io/x or me@mail.io.'],
    ['a < that opens no tag stays', 'If a < b and x<5 or I <3 it.', 'If a < b and x<5 or I <3 it.'],
    ['backslash escapes', 'Not \\*bold\\* and C:\\Users here.', 'Not *bold* and C:\\Users here.'],
  ]);
});

describe('cleanForSpeech: block markdown', () => {
  cases([
    ['headings', '# One\n## Two ##\n###### Six\n#hashtag and C# stay', 'One\nTwo\nSix\n#hashtag and C# stay'],
    ['bullets', '- a\n* b\n+ c\n• d\n  - nested', 'a\nb\nc\nd\nnested'],
    ['task lists', '- [ ] todo\n- [x] done', 'todo\ndone'],
    ['numbered lists keep their number as "N."', '1. First\n2) Second\n10. Tenth', '1. First\n2. Second\n10. Tenth'],
    ['numbers that are not list markers', '2024 was good.\n3.14 is pi.', '2024 was good.\n3.14 is pi.'],
    ['blockquotes', '> Quoted line\n> > Nested\n> line\n\nAfter', 'Quoted line\nNested line\nAfter'],
    ['code fences are dropped with their code', 'Run:\n```bash\nnpm install\n```\nDone.\n~~~\ncode\n~~~\nEnd', 'Run:\nDone.\nEnd'],
    ['an unclosed fence drops the rest', 'Text\n```\ncode forever', 'Text'],
    ['thematic breaks and setext underlines', 'Title\n===\nText\n---\n* * *\nMore', 'Title\nText\nMore'],
    ['tables: pipes become commas, separators vanish', '| Name | Age |\n|:-----|----:|\n| Bob | 42 |\n| | x |', 'Name, Age\nBob, 42\nx'],
    ['soft and hard line breaks', 'a line\nwraps\nNext line', 'a line wraps\nNext line'],
  ]);
});

describe('cleanForSpeech: emoji', () => {
  cases([
    ['pictographs, skin tones, ZWJ families, flags', 'Hi 👋🏽 fam 👨‍👩‍👧‍👦 from 🇺🇸 and 🏴󠁧󠁢󠁳󠁣󠁴󠁿!', 'Hi fam from and!'],
    ['variation selectors and keycaps keep digits and #', 'Love ❤️ 1️⃣ #️⃣ *️⃣ ok', 'Love 1 # ok'],
    ['an emoji between words is a space', 'I❤️NY', 'I NY'],
    ['a dropped emoji leaves no space before punctuation', 'Great job 👍!', 'Great job!'],
    ['ZWJ in Indic scripts stays', 'क्‍ष', 'क्‍ष'],
    ['invisible characters go', 'zero\u200Bwidth soft\u00ADhyphen\uFEFF', 'zerowidth softhyphen'],
  ]);

  it('emoji do not end or split sentences', () => {
    expect(splitSentences('Done 🎉 and dusted. Next 🚀')).toEqual(['Done and dusted.', 'Next']);
  });
});

describe('SpeakableCleaner: holds back only what is still ambiguous', () => {
  function stream(): { push(t: string): string; end(): string } {
    let out = '';
    const cleaner = new SpeakableCleaner((ch) => (out += ch));
    const take = (): string => [out, (out = '')][0]!;
    return {
      push: (t) => (cleaner.push(t), take()),
      end: () => (cleaner.end(), take()),
    };
  }

  it('a ** split across tokens', () => {
    const s = stream();
    expect(s.push('say *')).toBe('say ');
    expect(s.push('*hi')).toBe('hi');
    expect(s.push('*')).toBe('');
    expect(s.push('* now')).toBe(' now');
  });

  it('a link split across tokens: the text flows, the URL is skipped', () => {
    const s = stream();
    expect(s.push('see [te')).toBe('see te');
    expect(s.push('xt]')).toBe('xt');
    expect(s.push('(https://a.b/c')).toBe('');
    expect(s.push(') ok')).toBe(' ok');
  });

  it('a bracket not followed by "(" is released by the next character', () => {
    const s = stream();
    expect(s.push('[1]')).toBe('1');
    expect(s.push(' x')).toBe(' x');
  });

  it('an HTML tag is held only until it cannot be one', () => {
    const s = stream();
    expect(s.push('a <b')).toBe('a ');
    expect(s.push('>bold</b')).toBe('bold');
    expect(s.push('> x <')).toBe(' x ');
    expect(s.push(' y')).toBe('< y');
  });

  it('a line start is held only while it could be a marker', () => {
    const s = stream();
    expect(s.push('Hello')).toBe('Hello');
    expect(s.push('\n1')).toBe(' ');
    expect(s.push('. Item')).toBe('\n1. Item');
    expect(s.push('\n#')).toBe(' \n');
    expect(s.push('#')).toBe('');
    expect(s.push(' Head')).toBe('\n Head');
  });

  it('code in a fence is never emitted, even before the fence closes', () => {
    const s = stream();
    expect(s.push('Hi\n```js\nconst x = 1;\n')).toBe('Hi \n');
    expect(s.push('```\nBye')).toBe('\nBye');
    expect(s.end()).toBe('');
  });

  it('a surrogate pair split across tokens is rejoined', () => {
    const s = stream();
    const thumbs = '👍';
    expect(s.push(`ok ${thumbs[0]!}`)).toBe('ok ');
    expect(s.push(`${thumbs[1]!} 你`)).toBe('\uFFFC 你');
  });
});
