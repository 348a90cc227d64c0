import { setTimeout as delay } from 'node:timers/promises';
import { lastValueFrom, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, test } from 'vitest';
import type { ChatMessage } from './language-model.js';
import { LocalResponder, tokens } from './local-responder.js';
import { scriptedAnswer } from './local-script.js';

/** 2026-11-21 15:04 UTC, a Saturday. */
const NOW = new Date(Date.UTC(2026, 10, 21, 15, 4));
const context = { now: NOW, timeZone: 'UTC' };
const user = (content: string): ChatMessage[] => [{ role: 'user', content }];

describe('scriptedAnswer', () => {
  test.each([
    ['Hello there', /^Hello! I am the local responder/],
    ['Good morning!', /^Hello!/],
    ['What can you do?', /^I can listen/],
    ['Hi, what can you do?', /^I can listen/],
    ['What time is it?', /^It is 3:04 PM\.$/],
    ['What is the date today?', /^Today is Saturday, November 21\.$/],
    ['Tell me a story', /^Once upon a time/],
    ['Thank you.', /^You are welcome\.$/],
    ['Bye!', /^Goodbye!/],
  ])('%s → %s', (heard, expected) => {
    expect(scriptedAnswer(heard, context)).toMatch(expected);
  });

  test('anything else is repeated back, with what the responder is', () => {
    expect(scriptedAnswer('  The weather is nice  ', context)).toBe(
      'I heard: "The weather is nice." I am a local responder, not a language model, so I can only repeat it back. Ask me what I can do.',
    );
  });

  test('an empty transcript says no recognizer is configured', () => {
    expect(scriptedAnswer('', context)).toMatch(/no speech recognizer is configured/);
  });

  test('the time follows the injected clock and time zone', () => {
    expect(scriptedAnswer('what time is it', { now: NOW, timeZone: 'Asia/Tokyo' })).toBe('It is 12:04 AM.');
  });
});

describe('LocalResponder', () => {
  test('answers the last user message, word by word, the same every time', async () => {
    const llm = new LocalResponder({ now: () => NOW, timeZone: 'UTC', wordDelayMs: 1 });
    const history: ChatMessage[] = [...user('hello'), { role: 'assistant', content: 'Hello!' }, ...user('What time is it?')];
    const first = await lastValueFrom(llm.reply(history).pipe(toArray()));
    const second = await lastValueFrom(llm.reply(history).pipe(toArray()));
    expect(first).toEqual(['It', ' is', ' 3:04', ' PM.']);
    expect(second).toEqual(first);
  });

  test('words come wordDelayMs apart, in virtual time', () => {
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ expectObservable }) => {
      const llm = new LocalResponder({ now: () => NOW, timeZone: 'UTC', wordDelayMs: 60 });
      expectObservable(llm.reply(user('thanks'))).toBe('a 59ms b 59ms (c|)', { a: 'You', b: ' are', c: ' welcome.' });
    });
  });

  test('unsubscribing stops it: no word after, and the timer is gone', () => {
    const llm = new LocalResponder({ wordDelayMs: 10 });
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ expectObservable }) => {
      expectObservable(llm.reply(user('tell me a story')), '^ 25ms !').toBe('a 9ms b 9ms c', { a: 'Once', b: ' upon', c: ' a' });
    });
    // The run flushed all virtual time: a timer left running would have made more words.
    expect(llm.wordsEmitted).toBe(3);
  });

  test('aborting the signal ends the reply with CANCELLED and stops the words', async () => {
    const llm = new LocalResponder({ wordDelayMs: 20 });
    const controller = new AbortController();
    const seen: string[] = [];
    const ended = new Promise<unknown>((resolve) =>
      llm.reply(user('tell me a story'), controller.signal).subscribe({
        next: (word) => {
          seen.push(word);
          if (seen.length === 2) controller.abort();
        },
        error: resolve,
        complete: () => resolve('completed'),
      }),
    );
    expect(await ended).toMatchObject({ code: 'CANCELLED' });
    await delay(100); // five words' time
    expect(seen).toEqual(['Once', ' upon']);
    expect(llm.wordsEmitted).toBe(2);
    await expect(lastValueFrom(llm.reply(user('hi'), AbortSignal.abort()))).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  test('describe says no LLM is configured', () => {
    expect(new LocalResponder().describe()).toBe('LLM: local responder (no LLM configured)');
  });

  test('tokens join back to the text exactly', () => {
    const text = scriptedAnswer('what can you do', context);
    expect(tokens(text).join('')).toBe(text);
    expect(tokens('  a b')).toEqual(['  a', ' b']);
  });
});
