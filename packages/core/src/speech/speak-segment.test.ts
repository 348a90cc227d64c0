import { NEVER, Observable, concat, concatMap, lastValueFrom, of, reduce, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ParleyError } from '../errors.js';
import { PcmFrame } from '../audio/pcm-frame.js';
import type { SpeechEvent } from './events.js';
import { speakSegmentStreams } from './speak-segment-streams.js';
import { speakSegments, type SegmentSynthesizer } from './speak-segments.js';

const frameOf = (length: number) => new PcmFrame(new Int16Array(length), 24_000);
const twoFrames = () => of(frameOf(100), frameOf(50));
const shape = (events: SpeechEvent[]) => events.map((e) => (e.type === 'done' ? `done${e.segments}` : `${e.type}${e.index}`));

type Speak = (input: string | Observable<string>, synthesize: SegmentSynthesizer) => Observable<SpeechEvent>;

/** The streaming speaker, reading each segment's pieces to the end before it synthesizes. */
const fromWholeText: Speak = (input, synthesize) =>
  speakSegmentStreams(input, (text$, index) =>
    text$.pipe(
      reduce((text, piece) => text + piece, ''),
      concatMap((text) => synthesize(text, index)),
    ),
  );

// What the two ways of speaking share, as they share the code: failures, cancellation, the end.
describe.each<[string, Speak]>([
  ['speakSegments', speakSegments],
  ['speakSegmentStreams', fromWholeText],
])('%s', (_name, speak) => {
  it('ends a failing segment with its error, then fails the stream with the same ParleyError', async () => {
    const failing = (_text: string, index: number) =>
      index === 1
        ? concat(
            of(frameOf(10)),
            throwError(() => new Error('device lost')),
          )
        : twoFrames();
    const events: SpeechEvent[] = [];
    const error = await new Promise<unknown>((resolve) =>
      speak('One. Two. Three.', failing).subscribe({ next: (e) => events.push(e), error: resolve }),
    );
    expect(error).toBeInstanceOf(ParleyError);
    expect(error).toMatchObject({ code: 'INTERNAL', message: 'device lost' });
    expect(events.at(-1)).toEqual({ type: 'segment-end', index: 1, samples: 10, error });
    expect(shape(events)).not.toContain('segment-start2');
  });

  it('ends the segment with its error when the synthesizer throws at once', async () => {
    const throwing = () => {
      throw new ParleyError('INVALID_INPUT', 'unknown voice');
    };
    const events: SpeechEvent[] = [];
    const error = await new Promise<unknown>((resolve) =>
      speak('One.', throwing).subscribe({ next: (e) => events.push(e), error: resolve }),
    );
    expect(error).toMatchObject({ code: 'INVALID_INPUT' });
    expect(shape(events)).toEqual(['segment-start0', 'segment-end0']);
    expect(events.at(-1)).toMatchObject({ error });
  });

  it('passes an error of the token stream through (the LLM failed)', async () => {
    const tokens = concat(
      of('Hi. '),
      throwError(() => new ParleyError('OVERLOADED', 'llm busy')),
    );
    await expect(lastValueFrom(speak(tokens, twoFrames))).rejects.toMatchObject({ code: 'OVERLOADED' });
  });

  it('stops the segment being spoken when unsubscribed', () => {
    let active = 0;
    const endless = () =>
      new Observable<PcmFrame>(() => {
        active++;
        return () => active--;
      });
    const subscription = speak(concat(of('Hello. World.'), NEVER), endless).subscribe();
    expect(active).toBe(1);
    subscription.unsubscribe();
    expect(active).toBe(0);
  });

  it('speaks nothing for empty input and still says done', async () => {
    const events = await lastValueFrom(speak('   ', twoFrames).pipe(toArray()));
    expect(events).toEqual([{ type: 'done', segments: 0 }]);
  });
});
