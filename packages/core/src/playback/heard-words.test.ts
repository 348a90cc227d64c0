import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heardWords, joinSegments } from './heard-words.js';

describe('heardWords', () => {
  it('keeps only the words whose last letter was reached', () => {
    const text = 'Hello world.';
    expect(heardWords(text, 0)).toBe('');
    expect(heardWords(text, 4)).toBe('');
    expect(heardWords(text, 5)).toBe('Hello');
    expect(heardWords(text, 10)).toBe('Hello');
    // the full stop makes no sound: "world." is heard once its "d" is
    expect(heardWords(text, 11)).toBe('Hello world.');
    expect(heardWords(text, 12)).toBe('Hello world.');
    expect(heardWords(text, 99)).toBe('Hello world.');
  });

  it('brings trailing punctuation along with its word and never ends on a space', () => {
    expect(heardWords('Wait, what?!', 4)).toBe('Wait,');
    expect(heardWords('Wait, what?!', 6)).toBe('Wait,');
    expect(heardWords('Wait, what?!', 10)).toBe('Wait, what?!');
  });

  it('lets opening punctuation wait for its word', () => {
    expect(heardWords('¿Qué tal?', 0)).toBe('');
    expect(heardWords('¿Qué tal?', 1)).toBe('');
    expect(heardWords('¿Qué tal?', 4)).toBe('¿Qué');
    expect(heardWords('He said "yes" twice.', 12)).toBe('He said "yes"');
  });

  it('counts a word made only of symbols as heard when reached', () => {
    expect(heardWords('Now — then.', 3)).toBe('Now');
    expect(heardWords('Now — then.', 4)).toBe('Now —');
    expect(heardWords('— then.', 1)).toBe('—');
    expect(heardWords('— then.', 0)).toBe('');
  });

  it('attaches opening punctuation to the ideograph after it', () => {
    expect(heardWords('“你好”', 0)).toBe('');
    expect(heardWords('“你好”', 2)).toBe('“你');
    expect(heardWords('“你好”', 3)).toBe('“你好”');
  });

  it('treats digits as sounding and keeps numbers whole', () => {
    expect(heardWords('It costs 4.99 dollars.', 12)).toBe('It costs');
    expect(heardWords('It costs 4.99 dollars.', 13)).toBe('It costs 4.99');
  });

  it('makes each Chinese or Japanese character a word of its own', () => {
    expect(heardWords('你好，世界。', 1)).toBe('你');
    expect(heardWords('你好，世界。', 2)).toBe('你好，');
    expect(heardWords('你好，世界。', 4)).toBe('你好，世界。'.slice(0, 4));
    expect(heardWords('こんにちは世界', 3)).toBe('こんに');
    expect(heardWords('我用iPhone打电话', 3)).toBe('我用');
    expect(heardWords('我用iPhone打电话', 8)).toBe('我用iPhone');
  });

  it('counts characters outside the basic plane by their UTF-16 length', () => {
    // 𠀋 is one character of two code units
    expect(heardWords('𠀋𠀋', 1)).toBe('');
    expect(heardWords('𠀋𠀋', 2)).toBe('𠀋');
    expect(heardWords('ok 👍 good', 5)).toBe('ok 👍');
  });

  it('returns a prefix that grows with the offset (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.nat(45), fc.nat(45), (text, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const shorter = heardWords(text, low);
        const longer = heardWords(text, high);
        expect(text.startsWith(longer)).toBe(true);
        expect(longer.startsWith(shorter)).toBe(true);
        expect(shorter).toBe(shorter.trimEnd());
      }),
    );
  });

  it('returns the whole text, minus trailing space, once every character was heard (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        expect(heardWords(text, text.length)).toBe(text.trimEnd());
      }),
    );
  });
});

describe('joinSegments', () => {
  it('joins with spaces and skips empty parts', () => {
    expect(joinSegments([])).toBe('');
    expect(joinSegments(['Hello there.', '', 'How are you?'])).toBe('Hello there. How are you?');
    expect(joinSegments(['', 'Hi.'])).toBe('Hi.');
  });

  it('keeps only the heard part of the last segment', () => {
    expect(joinSegments(['Hello there.', 'How are you?'], 'How are')).toBe('Hello there. How are');
    expect(joinSegments(['Hello there.', 'How are you?'], '')).toBe('Hello there.');
  });

  it('joins Chinese and Japanese without a space, mixed text with one', () => {
    expect(joinSegments(['你好。', '再见。'])).toBe('你好。再见。');
    expect(joinSegments(['你好。', 'Hello.'])).toBe('你好。 Hello.');
    expect(joinSegments(['Hello.', '你好。'])).toBe('Hello. 你好。');
  });

  it('chooses the separator from the full text, so a longer heard part only appends', () => {
    // heard so far: only the silent dash, which alone would not look Chinese
    const early = joinSegments(['你好。', '—— 再见。'], '——');
    const late = joinSegments(['你好。', '—— 再见。'], '—— 再见。');
    expect(late.startsWith(early)).toBe(true);
    expect(joinSegments(['你好。', '“再见”'], heardWords('“再见”', 2))).toBe('你好。“再');
  });
});
