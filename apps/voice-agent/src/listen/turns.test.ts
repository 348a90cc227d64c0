import { PcmFrame } from '@parley/core';
import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, test } from 'vitest';
import { turns, userSpeaking, type TurnEvent } from './turns.js';
import type { SpeechEndEvent, SpeechStartEvent, VadEvent } from './vad-events.js';

const RATE = 16_000;

function start(atMs: number, spokenMs = 250): SpeechStartEvent {
  return { type: 'speech-start', atMs, detectedAtMs: atMs + spokenMs };
}

/** An end whose audio is a constant `level` for its whole duration. */
function end(startMs: number, atMs: number, level = 1000): SpeechEndEvent {
  const audio = new PcmFrame(new Int16Array(((atMs - startMs) * RATE) / 1000).fill(level), RATE);
  return { type: 'speech-end', atMs, durationMs: atMs - startMs, audio };
}

/** A scheduler that counts how many scheduled tasks actually ran, and stops a runaway timer. */
function counting(inner: SchedulerLike): SchedulerLike & { runs: number } {
  const clock = {
    runs: 0,
    now: () => inner.now(),
    schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription {
      return inner.schedule(
        function (this: SchedulerAction<T>, value?: T) {
          if (++clock.runs > 100) throw new Error('a timer kept running');
          work.call(this, value);
        },
        delay,
        state,
      );
    },
  };
  return clock;
}

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** Compares end-of-turn events by shape, their audio by length and content. */
function summarize(event: TurnEvent): unknown {
  if (event.type !== 'end-of-turn') return event;
  const { audio, ...rest } = event;
  return { ...rest, audioMs: audio.durationMs, audioSum: audio.data.reduce((a, b) => a + b, 0) };
}

describe('turns', () => {
  test('speech-start, progress every 100 ms of virtual time, end-of-turn at speech-end', () => {
    scheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const s = start(1000);
      const e = end(1000, 1600);
      const vad$ = hot<VadEvent>('-s 349ms e 100ms |', { s, e });
      const expected = '-a 99ms b 99ms c 99ms d 49ms (fg) 97ms |';
      expectObservable(vad$.pipe(turns({ progressIntervalMs: 100 }))).toBe(expected, {
        a: { type: 'user-started', atMs: 1000, speechMs: 250, resumed: false },
        b: { type: 'user-speaking', startedAtMs: 1000, speechMs: 350 },
        c: { type: 'user-speaking', startedAtMs: 1000, speechMs: 450 },
        d: { type: 'user-speaking', startedAtMs: 1000, speechMs: 550 },
        f: { type: 'user-stopped', atMs: 1600 },
        g: { type: 'end-of-turn', startedAtMs: 1000, endedAtMs: 1600, audio: e.audio },
      });
      expectSubscriptions(vad$.subscriptions).toBe('^ 451ms !');
    });
  });

  test('speech again within endOfTurnDelayMs continues the turn', () => {
    scheduler().run(({ hot, expectObservable }) => {
      const vad$ = hot<VadEvent>('s 9ms e 99ms t 9ms f 500ms |', { s: start(0), e: end(0, 500), t: start(700), f: end(700, 1000) });
      expectObservable(vad$.pipe(turns({ endOfTurnDelayMs: 200, progressIntervalMs: 1000 }))).toBe('a 9ms b 99ms c 9ms d 199ms g 300ms |', {
        a: { type: 'user-started', atMs: 0, speechMs: 250, resumed: false },
        b: { type: 'user-stopped', atMs: 500 },
        c: { type: 'user-started', atMs: 700, speechMs: 250, resumed: true },
        d: { type: 'user-stopped', atMs: 1000 },
        g: expect.objectContaining({ type: 'end-of-turn', startedAtMs: 0, endedAtMs: 1000 }),
      });
    });
  });

  test('a merged turn holds both segments and the pause between them as silence', () => {
    const events: TurnEvent[] = [];
    scheduler().run(({ hot }) => {
      const vad$ = hot<VadEvent>('s e t f 300ms |', { s: start(0), e: end(0, 500, 2), t: start(700), f: end(700, 1000, 3) });
      vad$.pipe(turns({ endOfTurnDelayMs: 200 })).subscribe((event) => events.push(event));
    });
    const turn = events.find((event) => event.type === 'end-of-turn');
    expect(turn && summarize(turn)).toEqual({
      type: 'end-of-turn',
      startedAtMs: 0,
      endedAtMs: 1000,
      audioMs: 1000,
      audioSum: 16 * (500 * 2 + 300 * 3),
    });
    const samples = turn!.type === 'end-of-turn' ? turn!.audio.data : new Int16Array();
    expect([samples[500 * 16 - 1], samples[500 * 16], samples[700 * 16 - 1], samples[700 * 16]]).toEqual([2, 0, 0, 3]);
  });

  test('unsubscribing mid-speech stops the progress timer: no scheduled work runs after', () => {
    const test = scheduler();
    const clock = counting(test);
    test.run(({ hot, expectObservable }) => {
      const vad$ = hot<VadEvent>('s', { s: start(0) });
      expectObservable(vad$.pipe(turns({ progressIntervalMs: 5, scheduler: clock })), '^ 12ms !').toBe('a 4ms b 4ms c', {
        a: { type: 'user-started', atMs: 0, speechMs: 250, resumed: false },
        b: { type: 'user-speaking', startedAtMs: 0, speechMs: 255 },
        c: { type: 'user-speaking', startedAtMs: 0, speechMs: 260 },
      });
    });
    // An interval still running would keep the virtual clock going past frame 12.
    expect(clock.runs).toBe(2);
    expect(test.now()).toBeLessThanOrEqual(13);
  });

  test('unsubscribing while a turn waits out its delay cancels the end-of-turn', () => {
    const test = scheduler();
    const clock = counting(test);
    test.run(({ hot, expectObservable }) => {
      const vad$ = hot<VadEvent>('s e', { s: start(0), e: end(0, 300) });
      const events$ = vad$.pipe(turns({ endOfTurnDelayMs: 50, progressIntervalMs: 1000, scheduler: clock }));
      expectObservable(events$, '^ 30ms !').toBe('a b', {
        a: { type: 'user-started', atMs: 0, speechMs: 250, resumed: false },
        b: { type: 'user-stopped', atMs: 300 },
      });
    });
    expect(clock.runs).toBe(0);
  });

  test('completion ends a turn still waiting out its delay', () => {
    scheduler().run(({ hot, expectObservable }) => {
      const e = end(0, 400);
      const vad$ = hot<VadEvent>('s e |', { s: start(0), e });
      expectObservable(vad$.pipe(turns({ endOfTurnDelayMs: 1000 }))).toBe('a b (c|)', {
        a: { type: 'user-started', atMs: 0, speechMs: 250, resumed: false },
        b: { type: 'user-stopped', atMs: 400 },
        c: { type: 'end-of-turn', startedAtMs: 0, endedAtMs: 400, audio: e.audio },
      });
    });
  });
});

describe('userSpeaking', () => {
  test('false, then true from speech-start to speech-end, without repeats', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const vad$ = cold<VadEvent>('--s--e--s--e|', { s: start(0), e: end(0, 300) });
      expectObservable(vad$.pipe(userSpeaking())).toBe('f-t--f--t--f|', { f: false, t: true });
    });
  });
});
