import { Observable, Subject, lastValueFrom, of, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { PcmFrame } from '../audio/pcm-frame.js';
import type { SpeechEvent } from './events.js';
import { speakSegments } from './speak-segments.js';

const frameOf = (length: number) => new PcmFrame(new Int16Array(length), 24_000);
const twoFrames = () => of(frameOf(100), frameOf(50));
const shape = (events: SpeechEvent[]) =>
  events.map((e) => (e.type === 'audio' ? `audio${e.index}` : e.type === 'done' ? `done${e.segments}` : `${e.type}${e.index}`));

describe('speakSegments', () => {
  it('wraps each segment in start/audio/end events and ends with done', async () => {
    const events = await lastValueFrom(speakSegments('One. Two.', twoFrames).pipe(toArray()));
    expect(shape(events)).toEqual([
      'segment-start0',
      'audio0',
      'audio0',
      'segment-end0',
      'segment-start1',
      'audio1',
      'audio1',
      'segment-end1',
      'done2',
    ]);
    expect(events[0]).toEqual({ type: 'segment-start', index: 0, text: 'One.' });
    expect(events[3]).toEqual({ type: 'segment-end', index: 0, samples: 150 });
  });

  it('starts speaking the first sentence while the rest of the text is still arriving', () => {
    const tokens = new Subject<string>();
    const seen: SpeechEvent[] = [];
    speakSegments(tokens, twoFrames).subscribe((event) => seen.push(event));
    tokens.next('Hello');
    tokens.next(' there.');
    expect(seen).toEqual([]);
    tokens.next(' How');
    expect(shape(seen)).toEqual(['segment-start0', 'audio0', 'audio0', 'segment-end0']);
  });

  it('speaks segments one at a time, in order, even when the synthesizer is slow', async () => {
    const started: number[] = [];
    const slow = (_text: string, index: number) =>
      new Observable<PcmFrame>((subscriber) => {
        started.push(index);
        const timer = setTimeout(() => {
          subscriber.next(frameOf(10));
          subscriber.complete();
        }, 5);
        return () => clearTimeout(timer);
      });
    const events = await lastValueFrom(speakSegments('A one. B two. C three.', slow).pipe(toArray()));
    expect(started).toEqual([0, 1, 2]);
    expect(shape(events).filter((s) => s.startsWith('segment'))).toEqual([
      'segment-start0',
      'segment-end0',
      'segment-start1',
      'segment-end1',
      'segment-start2',
      'segment-end2',
    ]);
  });
});
