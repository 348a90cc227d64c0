import { concat, map, merge, mergeMap, Observable, of, throwError, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PcmFrame } from '../audio/pcm-frame.js';
import { ParleyError } from '../errors.js';
import type { SpeechEvent } from './events.js';
import { withStartupLead } from './startup-lead.js';

const FRAME_MS = 80;
const frame = () => new PcmFrame(new Int16Array((24_000 * FRAME_MS) / 1000), 24_000);

/**
 * An engine in virtual time: one segment of `text`, an 80 ms audio frame every `everyMs` (the
 * first after `firstAfterMs`, its prefill), `frames` of them, then the end, or `error`.
 */
function engine(text: string, frames: number, everyMs: number, firstAfterMs = everyMs, error?: ParleyError): Observable<SpeechEvent> {
  const audio = Array.from({ length: frames }, (_, i) =>
    timer(firstAfterMs + i * everyMs).pipe(map((): SpeechEvent => ({ type: 'audio', index: 0, frame: frame() }))),
  );
  const endAt = firstAfterMs + (frames - 1) * everyMs + 1;
  const end: Observable<SpeechEvent> = error
    ? timer(endAt).pipe(mergeMap(() => throwError(() => error)))
    : timer(endAt).pipe(
        mergeMap(() => of<SpeechEvent[]>({ type: 'segment-end', index: 0, samples: frames * 1920 }, { type: 'done', segments: 1 })),
      );
  return concat(of<SpeechEvent>({ type: 'segment-start', index: 0, text }), merge(...audio, end));
}

interface Heard {
  /** When each audio event reached the listener. */
  audioAt: number[];
  /** The longest a real-time listener, playing from the first audio on, waited with nothing to play. */
  longestGapMs: number;
  types: string[];
}

/** Runs `source` through the operator in virtual time and plays what comes out in real time. */
function listen(source: Observable<SpeechEvent>, options: Parameters<typeof withStartupLead>[0] = {}, unsubscribeAtMs?: number): Heard {
  const heard: Heard = { audioAt: [], longestGapMs: 0, types: [] };
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  scheduler.run(({ flush }) => {
    let playedUntil = 0;
    const subscription = source.pipe(withStartupLead(options)).subscribe({
      next: (event) => {
        heard.types.push(event.type);
        if (event.type !== 'audio') return;
        const now = scheduler.now();
        heard.audioAt.push(now);
        if (heard.audioAt.length > 1 && now > playedUntil) heard.longestGapMs = Math.max(heard.longestGapMs, now - playedUntil);
        playedUntil = Math.max(playedUntil, now) + event.frame.durationMs;
      },
      error: (error: ParleyError) => heard.types.push(`error ${error.code}`),
    });
    if (unsubscribeAtMs !== undefined) timer(unsubscribeAtMs).subscribe(() => subscription.unsubscribe());
    flush();
  });
  return heard;
}

describe('withStartupLead', () => {
  it('holds nothing on a machine faster than real time', () => {
    const heard = listen(engine('Hello there, how are you?', 20, 40, 60));
    expect(heard.audioAt.slice(0, 3)).toEqual([60, 100, 140]);
    expect(heard.longestGapMs).toBe(0);
  });

  it('at half real time, holds the first audio just long enough that a real-time listener never runs dry', () => {
    // 20 characters: 1.6 s of audio expected; at half speed a lead of 0.8 s and a frame is enough.
    const unheld = listen(engine('Twenty characters!!!', 20, 160), { maxHoldMs: 0 });
    expect(unheld.longestGapMs).toBe(FRAME_MS); // a wait before every frame
    const heard = listen(engine('Twenty characters!!!', 20, 160));
    expect(heard.audioAt.slice(0, 11)).toEqual(Array(11).fill(1760));
    expect(heard.audioAt[11]).toBe(1920);
    expect(heard.longestGapMs).toBe(0);
  });

  it('never lets a real-time listener run dry when the text says how long the audio is, at any speed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 40 }), fc.integer({ min: 81, max: 400 }), (characters, everyMs) => {
        // msPerCharacter 80: one 80 ms frame a character, so the guess is the truth.
        const heard = listen(engine('x'.repeat(characters), characters, everyMs), { maxHoldMs: 60_000 });
        expect(heard.longestGapMs).toBe(0);
        expect(heard.audioAt).toHaveLength(characters);
      }),
    );
  });

  it('releases after maxHoldMs when the engine is far too slow to lead, and at once when the stream ends', () => {
    const slow = listen(engine('A long sentence that would need a very long lead.', 30, 800), { maxHoldMs: 1000 });
    expect(slow.audioAt[0]).toBe(800 + 1000);
    const short = listen(engine('A long sentence that would need a very long lead.', 2, 400));
    expect(short.audioAt).toEqual([801, 801]);
    expect(short.types).toEqual(['segment-start', 'audio', 'audio', 'segment-end', 'done']);
  });

  it('passes an error on after what it held, and drops what it holds when unsubscribed', () => {
    const failed = listen(engine('Twenty characters!!!', 3, 160, 160, new ParleyError('INTERNAL', 'worker died')));
    expect(failed.types).toEqual(['segment-start', 'audio', 'audio', 'audio', 'error INTERNAL']);
    const left = listen(engine('Twenty characters!!!', 20, 160), {}, 1000);
    expect(left.types).toEqual(['segment-start']); // nothing to hold before the first audio
  });
});
