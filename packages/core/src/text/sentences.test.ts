import { finalize, from, Observable, of, Subject, throwError, concat } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ParleyError } from '../errors.js';
import { sentences, splitSentences } from './sentences.js';

function record(source: Observable<string>, options?: Parameters<typeof sentences>[0]) {
  const seen = { segments: [] as string[], error: undefined as unknown, done: false };
  const subscription = source.pipe(sentences(options)).subscribe({
    next: (s) => seen.segments.push(s),
    error: (e: unknown) => (seen.error = e),
    complete: () => (seen.done = true),
  });
  return { seen, subscription };
}

describe('sentences()', () => {
  it('turns tokens into speakable segments', () => {
    const tokens = ['He', 'llo **wor', 'ld**! How', ' are', ' you? 👋 I', "'m Dr", '. Bot.'];
    const { seen } = record(from(tokens));
    expect(seen.segments).toEqual(['Hello world!', 'How are you?', "I'm Dr. Bot."]);
    expect(seen.done).toBe(true);
  });

  it('emits a segment as soon as the capital after ". " arrives, before completion', () => {
    const tokens = new Subject<string>();
    const { seen } = record(tokens);
    tokens.next('The first sentence.');
    tokens.next(' ');
    expect(seen.segments).toEqual([]);
    tokens.next('The');
    expect(seen.segments).toEqual(['The first sentence.']);
    expect(seen.done).toBe(false);
    tokens.next(' second');
    tokens.complete();
    expect(seen.segments).toEqual(['The first sentence.', 'The second']);
    expect(seen.done).toBe(true);
  });

  it('emits at "。" with no further input', () => {
    const tokens = new Subject<string>();
    const { seen } = record(tokens);
    tokens.next('你好');
    expect(seen.segments).toEqual([]);
    tokens.next('。');
    expect(seen.segments).toEqual(['你好。']);
  });

  it('flushes the tail on completion', () => {
    expect(record(of('No stop', ' here')).seen.segments).toEqual(['No stop here']);
  });

  it('emits nothing for empty, whitespace-only and emoji-only input', () => {
    for (const tokens of [[], [''], ['  ', '\n\n', '\t'], ['🎉', ' 👍🏽', '🇺🇸']]) {
      const { seen } = record(from(tokens));
      expect(seen.segments).toEqual([]);
      expect(seen.done).toBe(true);
    }
  });

  it('propagates source errors after the segments already certain', () => {
    const boom = new Error('boom');
    const { seen } = record(
      concat(
        of('One. Two', ' half'),
        throwError(() => boom),
      ),
    );
    expect(seen.segments).toEqual(['One.']);
    expect(seen.error).toBe(boom);
    expect(seen.done).toBe(false);
  });

  it('errors with INVALID_INPUT on a non-string token and unsubscribes from the source', () => {
    let finalized = false;
    const source = of('ok. ', 7 as unknown as string, 'never').pipe(finalize(() => (finalized = true)));
    const { seen } = record(source);
    expect(seen.error).toBeInstanceOf(ParleyError);
    expect((seen.error as ParleyError).code).toBe('INVALID_INPUT');
    expect(finalized).toBe(true);
  });

  it('unsubscribing stops the source and any further output', () => {
    let finalized = false;
    const tokens = new Subject<string>();
    const { seen, subscription } = record(tokens.pipe(finalize(() => (finalized = true))));
    tokens.next('One. ');
    subscription.unsubscribe();
    expect(finalized).toBe(true);
    expect(tokens.observed).toBe(false);
    tokens.next('Two. Three.');
    tokens.complete();
    expect(seen.segments).toEqual([]);
    expect(seen.done).toBe(false);
  });

  it('gives each subscription its own segmenter', () => {
    const shared = of('Yes. ', 'No');
    const piped = shared.pipe(sentences());
    const first: string[] = [];
    const second: string[] = [];
    piped.subscribe((s) => first.push(s));
    piped.subscribe((s) => second.push(s));
    expect(first).toEqual(['Yes.', 'No']);
    expect(second).toEqual(['Yes.', 'No']);
  });

  it('matches splitSentences for the same text', () => {
    const text = 'Hi Mr. X! See [docs](u). 1. Item\n- bullet\nEnd';
    expect(record(from([...text])).seen.segments).toEqual(splitSentences(text));
  });

  it('rejects invalid options at once', () => {
    expect(() => sentences({ maxChars: 5 })).toThrow(ParleyError);
    expect(() => sentences({ maxChars: 1.5 })).toThrow(/maxChars/);
    expect(() => sentences({ firstClauseMinChars: -1 })).toThrow(/firstClauseMinChars/);
    expect(() => sentences({ firstClauseMinChars: 0, maxChars: 20 })).not.toThrow();
  });
});
