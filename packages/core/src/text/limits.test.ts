import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_CHARS } from './options.js';
import { SentenceSegmenter } from './segmenter.js';
import { splitSentences } from './sentences.js';

function charByChar(text: string, options?: ConstructorParameters<typeof SentenceSegmenter>[0]): string[] {
  const segmenter = new SentenceSegmenter(options);
  const out: string[] = [];
  for (const ch of text) out.push(...segmenter.push(ch));
  out.push(...segmenter.end());
  return out;
}

describe('firstClauseMinChars', () => {
  const text = 'Well, after thinking about it for a long while, I believe the answer, in short, is yes. Then, more text, here.';

  it('is off by default', () => {
    expect(splitSentences(text)[0]).toBe('Well, after thinking about it for a long while, I believe the answer, in short, is yes.');
  });

  it('releases the first clause past N characters, and only in the first segment', () => {
    const expected = [
      'Well, after thinking about it for a long while,',
      'I believe the answer, in short, is yes.',
      'Then, more text, here.',
    ];
    expect(splitSentences(text, { firstClauseMinChars: 20 })).toEqual(expected);
    expect(charByChar(text, { firstClauseMinChars: 20 })).toEqual(expected);
  });

  it('releases at the space after the clause mark, not before', () => {
    const segmenter = new SentenceSegmenter({ firstClauseMinChars: 5 });
    expect(segmenter.push('Hello there,')).toEqual([]);
    expect(segmenter.push(' ')).toEqual(['Hello there,']);
  });

  it('does not split numbers like 1,000', () => {
    expect(splitSentences('It costs 1,000,000 dollars, they say.', { firstClauseMinChars: 5 })).toEqual([
      'It costs 1,000,000 dollars,',
      'they say.',
    ]);
  });

  it('releases at once after CJK clause marks', () => {
    const segmenter = new SentenceSegmenter({ firstClauseMinChars: 3 });
    expect(segmenter.push('我认为这个')).toEqual([]);
    expect(segmenter.push('，')).toEqual(['我认为这个，']);
    expect([...segmenter.push('答案是对的、很好。')]).toEqual(['答案是对的、很好。']);
  });

  it('splits at a dash or colon too', () => {
    expect(splitSentences('The plan is simple — we wait: then go.', { firstClauseMinChars: 10 })).toEqual([
      'The plan is simple —',
      'we wait: then go.',
    ]);
  });
});

describe('maxChars', () => {
  it('defaults to 250', () => {
    expect(DEFAULT_MAX_CHARS).toBe(250);
    const words = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ');
    const segments = splitSentences(words);
    expect(segments.length).toBeGreaterThan(1);
    for (const s of segments) expect(s.length).toBeLessThanOrEqual(250);
    expect(segments.join(' ')).toBe(words);
  });

  it('cuts a run-on at its last clause break before the limit', () => {
    const text = 'aaaa bbbb cccc, dddd eeee; ffff gggg hhhh iiii jjjj kkkk';
    const expected = ['aaaa bbbb cccc, dddd eeee;', 'ffff gggg hhhh iiii jjjj kkkk'];
    expect(splitSentences(text, { maxChars: 40 })).toEqual(expected);
    expect(charByChar(text, { maxChars: 40 })).toEqual(expected);
  });

  it('cuts at the last space instead when the last clause break is in the first half', () => {
    // maxChars 40: a break must end at offset 20 or later to be the cut.
    const late = 'aaaa bbbb cccc dddd, eeee ffff gggg hhhh iiii';
    expect(splitSentences(late, { maxChars: 40 })).toEqual(['aaaa bbbb cccc dddd,', 'eeee ffff gggg hhhh iiii']);
    const early = 'aaaa bbbb cccc ddd, eeee ffff gggg hhhh iiii';
    expect(splitSentences(early, { maxChars: 40 })).toEqual(['aaaa bbbb cccc ddd, eeee ffff gggg hhhh', 'iiii']);
    expect(charByChar(early, { maxChars: 40 })).toEqual(['aaaa bbbb cccc ddd, eeee ffff gggg hhhh', 'iiii']);
  });

  it('else at its last space', () => {
    const text = 'aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii';
    expect(splitSentences(text, { maxChars: 20 })).toEqual(['aaaa bbbb cccc dddd', 'eeee ffff gggg hhhh', 'iiii']);
  });

  it('else hard', () => {
    const text = 'x'.repeat(50);
    expect(splitSentences(text, { maxChars: 20 })).toEqual(['x'.repeat(20), 'x'.repeat(20), 'x'.repeat(10)]);
  });

  it('caps what is held when no boundary ever arrives', () => {
    const segmenter = new SentenceSegmenter({ maxChars: 30 });
    let released = 0;
    for (let i = 0; i < 1000; i++) released += segmenter.push('word ').length;
    expect(released).toBeGreaterThan(150);
    expect(segmenter.end().length).toBe(1);
  });
});

describe('performance', () => {
  // Feeding N characters one at a time must be O(N): each character is looked at once.
  const paragraph =
    'Dr. Smith paid $4.99 at 10:30 a.m. for **v2.1.0**, e.g. at https://example.com/a.b. ' +
    'Wait... what? 你好。 See [docs](u) and `code`. 👍 1. Item\n\n';

  it('handles 200 KB fed one character at a time', () => {
    const text = paragraph.repeat(Math.ceil(200_000 / paragraph.length));
    const start = performance.now();
    const segments = charByChar(text);
    const elapsed = performance.now() - start;
    expect(segments.length).toBeGreaterThan(5_000);
    expect(elapsed).toBeLessThan(20_000);
  });

  it('handles 200 KB with no boundary and no space, one character at a time', () => {
    const text = 'a.b'.repeat(70_000);
    const segments = charByChar(text);
    expect(segments.every((s) => s.length <= DEFAULT_MAX_CHARS)).toBe(true);
    expect(segments.join('')).toBe(text);
  });

  it('handles pathological markdown starts and tags without quadratic rescans', () => {
    const text = `${' '.repeat(50_000)}${'-'.repeat(50_000)}\n${'<a '.repeat(20_000)}\n${'*'.repeat(50_000)}x`;
    const start = performance.now();
    charByChar(text);
    expect(performance.now() - start).toBeLessThan(20_000);
  });
});
