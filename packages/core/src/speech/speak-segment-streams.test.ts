import fc from 'fast-check';
import { Observable, Subject, from, ignoreElements, of, tap } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { PcmFrame } from '../audio/pcm-frame.js';
import { splitSentences } from '../text/sentences.js';
import { randomCuts, randomText, splitAt, TEXTS } from '../text/testing/sample-texts.js';
import type { SpeechEvent } from './events.js';
import { speakSegmentStreams, type SegmentStreamSynthesizer } from './speak-segment-streams.js';

const frameOf = (length: number) => new PcmFrame(new Int16Array(length), 24_000);

/** A synthesizer that records the pieces each segment's `text$` gives it, and says nothing. */
function recorder() {
  const pieces: string[][] = [];
  const synthesize: SegmentStreamSynthesizer = (text$, index) =>
    text$.pipe(
      tap((piece) => (pieces[index] ??= []).push(piece)),
      ignoreElements(),
    );
  return { pieces, synthesize };
}

/** A synthesizer whose audio the test ends segment by segment; it records the pieces too. */
function heldAudio() {
  const audio: Subject<PcmFrame>[] = [];
  const pieces: string[][] = [];
  const synthesize: SegmentStreamSynthesizer = (text$, index) => {
    text$.subscribe((piece) => (pieces[index] ??= []).push(piece));
    return (audio[index] = new Subject<PcmFrame>());
  };
  return { audio, pieces, synthesize };
}

const shape = (events: SpeechEvent[]) => events.map((e) => (e.type === 'done' ? `done${e.segments}` : `${e.type}${e.index}`));

describe('speakSegmentStreams', () => {
  it('gives each segment its text in pieces that join to exactly the segments of sentences()', () => {
    const check = (text: string, cuts: number[]) => {
      const { pieces, synthesize } = recorder();
      const events: SpeechEvent[] = [];
      speakSegmentStreams(from(splitAt(text, cuts)), synthesize).subscribe((event) => events.push(event));
      const segments = splitSentences(text);
      expect(pieces.map((p) => p.join(''))).toEqual(segments);
      expect(pieces.flat()).not.toContain('');
      // What the events say of each segment ends as the whole segment, too.
      const told = new Map<number, string>();
      for (const e of events) if (e.type === 'segment-start' || e.type === 'segment-text') told.set(e.index, e.text);
      expect([...told.values()]).toEqual(segments);
      expect(events.at(-1)).toEqual({ type: 'done', segments: segments.length });
    };
    for (const text of TEXTS)
      check(
        text,
        [...text].map((_, i) => i * 7),
      );
    fc.assert(fc.property(randomText, randomCuts(40), check), { numRuns: 300 });
  });

  it('starts speaking a sentence before its stop arrives', () => {
    const { pieces, synthesize } = heldAudio();
    const tokens = new Subject<string>();
    const events: SpeechEvent[] = [];
    speakSegmentStreams(tokens, synthesize).subscribe((event) => events.push(event));
    for (const token of ['Hello', ' there', ' my', ' friend']) tokens.next(token);
    expect(pieces[0]?.join('')).toBe('Hello there my');
    expect(events[0]).toEqual({ type: 'segment-start', index: 0, text: 'Hello' });
    tokens.next('.');
    tokens.next(' Bye');
    expect(pieces[0]?.join('')).toBe('Hello there my friend.');
    expect(events.filter((e) => e.type === 'segment-text').map((e) => e.text)).toEqual([
      'Hello there',
      'Hello there my',
      'Hello there my friend.',
    ]);
  });

  it('keeps the text of the next sentence that came while one was spoken, and gives it whole', () => {
    const { audio, pieces, synthesize } = heldAudio();
    const tokens = new Subject<string>();
    const events: SpeechEvent[] = [];
    speakSegmentStreams(tokens, synthesize).subscribe((event) => events.push(event));
    for (const token of ['One is spoken.', ' Two', ' is', ' waiting']) tokens.next(token);
    expect(pieces[1]).toBeUndefined();
    audio[0]!.next(frameOf(10));
    audio[0]!.complete();
    // Its turn came: the pieces so far at once, then the rest as it arrives.
    expect(pieces[1]?.join('')).toBe('Two is');
    expect(events.at(-1)).toEqual({ type: 'segment-start', index: 1, text: 'Two is' });
    tokens.next(' here.');
    tokens.complete();
    expect(pieces[1]?.join('')).toBe('Two is waiting here.');
    audio[1]!.complete();
    expect(shape(events)).toEqual([
      'segment-start0',
      'segment-text0',
      'audio0',
      'segment-end0',
      'segment-start1',
      'segment-text1',
      'segment-text1',
      'segment-end1',
      'done2',
    ]);
  });

  it('waits for the text to be cut before it ends a segment whose audio ended early', () => {
    const tokens = new Subject<string>();
    const events: SpeechEvent[] = [];
    speakSegmentStreams(tokens, () => of(frameOf(10))).subscribe((event) => events.push(event));
    tokens.next('Hello there');
    expect(shape(events)).toEqual(['segment-start0', 'audio0']);
    tokens.complete();
    expect(shape(events)).toEqual(['segment-start0', 'audio0', 'segment-text0', 'segment-end0', 'done1']);
  });

  it('stops the synthesis and the token stream when unsubscribed mid-segment', () => {
    let active = 0;
    const endless: SegmentStreamSynthesizer = (text$) =>
      new Observable<PcmFrame>(() => {
        active++;
        const reading = text$.subscribe();
        return () => {
          reading.unsubscribe();
          active--;
        };
      });
    const tokens = new Subject<string>();
    const subscription = speakSegmentStreams(tokens, endless).subscribe();
    tokens.next('Hello there my');
    expect([active, tokens.observed]).toEqual([1, true]);
    subscription.unsubscribe();
    expect([active, tokens.observed]).toEqual([0, false]);
  });
});
