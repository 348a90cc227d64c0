import { setTimeout as delay } from 'node:timers/promises';
import type { SpeechEvent } from '@parley/core';
import { lastValueFrom, tap, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { removeCopies, standinDir } from './testing/standin.js';
import { Qwen3Speech } from './qwen3-speech.js';

const samplesOf = (events: SpeechEvent[]) => Int16Array.from(events.flatMap((e) => (e.type === 'audio' ? Array.from(e.frame.data) : [])));
const LONG = { seed: 4, maxFrames: 2000 };

let model: string;
beforeAll(async () => {
  model = await standinDir();
});
afterAll(() => removeCopies());

describe('Qwen3Speech queue bound (maxQueuedSegments)', () => {
  it('fails a stream past the bound at once with a retryable OVERLOADED, and a cancelled waiter frees its place', async () => {
    const tts = await Qwen3Speech.load({ model, threads: 1, maxQueuedSegments: 1 });
    const running = tts.synthesize('The first request runs for a long time.', LONG).subscribe();
    const waiting = tts.synthesize('The second one waits.', { seed: 5, maxFrames: 5 }).subscribe();
    await vi.waitFor(() => expect(tts.runsStarted()).toBeGreaterThan(0), { timeout: 10_000 }); // the first one is running
    const third = await lastValueFrom(tts.synthesize('A third is one too many.', { seed: 6 })).catch((e: unknown) => e);
    expect(third).toMatchObject({ code: 'OVERLOADED', retryable: true });
    waiting.unsubscribe(); // leaves the queue now, so a new request fits again
    const fourth: string[] = [];
    const finished = lastValueFrom(
      tts.synthesize('A fourth fits.', { seed: 7, maxFrames: 5 }).pipe(
        tap((e) => fourth.push(e.type)),
        toArray(),
      ),
    );
    await delay(20);
    expect(fourth.filter((type) => type !== 'segment-text')).toEqual(['segment-start']); // queued behind the first, not refused
    running.unsubscribe();
    expect((await finished).at(-1)?.type).toBe('done');
    await tts.close();
  });

  it('with maxQueuedSegments 0 still speaks a many-segment stream: its own next segment never counts as waiting', async () => {
    const tts = await Qwen3Speech.load({ model, threads: 1, maxQueuedSegments: 0 });
    const events = await lastValueFrom(tts.synthesize('One. Two. Three.', { seed: 1, maxFrames: 4 }).pipe(toArray()));
    expect(events.at(-1)).toEqual({ type: 'done', segments: 3 });
    await tts.close();
  });
});

describe('Qwen3Speech worker pool (workers: 2)', () => {
  const texts = ['The first stream speaks its sentence.', 'The second stream speaks another one.'];
  const options = (seed: number) => ({ seed, maxFrames: 60 });

  it('speaks two streams at once, each exactly as one worker alone would', async () => {
    const single = await Qwen3Speech.load({ model, threads: 1 });
    const expected = [];
    for (const [i, text] of texts.entries())
      expected.push(samplesOf(await lastValueFrom(single.synthesize(text, options(i + 10)).pipe(toArray()))));
    await single.close();

    const pool = await Qwen3Speech.load({ model, threads: 1, workers: 2 });
    expect(pool.info.workers).toBe(2);
    const timeline: string[] = [];
    const results = await Promise.all(
      texts.map((text, i) =>
        lastValueFrom(
          pool.synthesize(text, options(i + 10)).pipe(
            tap((e) => timeline.push(`${e.type} ${i}`)),
            toArray(),
          ),
        ),
      ),
    );
    const firstDone = timeline.findIndex((entry) => entry.startsWith('done'));
    expect(timeline.indexOf('audio 0')).toBeLessThan(firstDone);
    expect(timeline.indexOf('audio 1')).toBeLessThan(firstDone);
    expect(results.map(samplesOf)).toEqual(expected);
    await pool.close();
  });

  it('ends the open streams of every worker with CANCELLED on dispose', async () => {
    const pool = await Qwen3Speech.load({ model, threads: 1, workers: 2 });
    const open = texts.map((text) => lastValueFrom(pool.synthesize(text, LONG)).catch((e: unknown) => e));
    await vi.waitFor(() => expect(pool.runsStarted()).toBeGreaterThan(0), { timeout: 10_000 });
    await pool.close();
    const runsAfterDispose = pool.runsStarted();
    expect(await Promise.all(open)).toMatchObject([{ code: 'CANCELLED' }, { code: 'CANCELLED' }]);
    await delay(100);
    expect(pool.runsStarted()).toBe(runsAfterDispose);
  });
});
