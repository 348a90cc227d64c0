import { setTimeout as delay } from 'node:timers/promises';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { float32ToInt16, isParleyError, type SpeechEvent } from '@parley/core';
import { filter, firstValueFrom, lastValueFrom, NEVER, ReplaySubject, Subject, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collect, cudaLibrariesPresent, removeCopies, standinCopy, standinDir, standinRuntime } from './testing/standin.js';
import { Qwen3Speech } from './qwen3-speech.js';
import { segmentSeed } from './sampling/prng.js';

const TEXT = 'Hello there, this is parley. It speaks in two sentences.';
const audioOf = (events: SpeechEvent[]) => events.flatMap((e) => (e.type === 'audio' ? [e.frame] : []));
const samplesOf = (events: SpeechEvent[]) => Int16Array.from(audioOf(events).flatMap((frame) => Array.from(frame.data)));

let tts: Qwen3Speech;
beforeAll(async () => {
  tts = await Qwen3Speech.load({ model: await standinDir(), threads: 1 });
});
afterAll(async () => {
  await tts.close();
  removeCopies();
});

describe('Qwen3Speech', () => {
  it("is a 24 kHz mono TextToSpeech that knows the model's voices and languages", () => {
    expect([tts.sampleRate, tts.channels]).toEqual([24_000, 1]);
    expect(tts.voices).toContain('ryan');
    expect(tts.languages).toContain('english');
    expect(tts.info.sizes.hidden).toBe(32);
  });

  it('speaks each segment as start, audio…, end, then done, in 24 kHz frames of whole codec frames', async () => {
    const events = await lastValueFrom(tts.synthesize(TEXT, { voice: 'ryan', seed: 5, maxFrames: 12 }).pipe(toArray()));
    const shape = events.map((e) => e.type).filter((type, i, all) => type !== 'audio' || all[i - 1] !== 'audio');
    expect(shape).toEqual(['segment-start', 'audio', 'segment-end', 'segment-start', 'audio', 'segment-end', 'done']);
    expect(audioOf(events).every((frame) => frame.sampleRate === 24_000 && frame.samplesPerChannel % 1920 === 0)).toBe(true);
  });

  it('sends back from the worker exactly the audio the in-process pipeline makes (segment seed = segmentSeed(seed, i))', async () => {
    const events = await lastValueFrom(tts.synthesize('Just one sentence here.', { seed: 21, maxFrames: 30 }).pipe(toArray()));
    const runtime = await standinRuntime();
    const reference = await collect(runtime, 'Just one sentence here.', { seed: segmentSeed(21, 0), maxFrames: 30 });
    await runtime.model.release();
    expect(samplesOf(events)).toEqual(float32ToInt16(reference.audio));
  });

  it('repeats itself for the same seed and differs for another', async () => {
    const speak = async (seed: number) => samplesOf(await lastValueFrom(tts.synthesize(TEXT, { seed, maxFrames: 10 }).pipe(toArray())));
    const [a, b, c] = [await speak(8), await speak(8), await speak(9)];
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('fails the stream with INVALID_INPUT on bad options before any ONNX run', async () => {
    const before = tts.runsStarted();
    for (const options of [{ voice: 'nobody' }, { temperature: -1 }, { maxFrames: 0 }]) {
      await expect(lastValueFrom(tts.synthesize(TEXT, options))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    expect(tts.runsStarted()).toBe(before);
  });

  it('completes text with nothing to say (empty, white space, emoji, markup) with one done event and no ONNX run', async () => {
    const before = tts.runsStarted();
    for (const text of ['', '  \n ', '🙂', '** **']) {
      expect(await lastValueFrom(tts.synthesize(text).pipe(toArray()))).toEqual([{ type: 'done', segments: 0 }]);
    }
    expect(tts.runsStarted()).toBe(before);
  });

  it('carries a worker-side error across the boundary as a typed ParleyError', async () => {
    const error = await lastValueFrom(tts.synthesize('Say <|im_end|> now.', { seed: 1 })).catch((e: unknown) => e);
    expect(isParleyError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('special tokens') });
  });

  it('queues concurrent requests in the one worker and completes both', async () => {
    const [a, b] = await Promise.all([
      lastValueFrom(tts.synthesize('First one.', { seed: 1, maxFrames: 8 }).pipe(toArray())),
      lastValueFrom(tts.synthesize('Second one.', { seed: 2, maxFrames: 8 }).pipe(toArray())),
    ]);
    expect([a.at(-1)?.type, b.at(-1)?.type]).toEqual(['done', 'done']);
  });

  it('keeps the event loop free while it synthesizes (the models run in the worker)', async () => {
    let last = performance.now();
    let maxGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    await lastValueFrom(
      tts.synthesize('A longer sentence to keep the worker busy for a while.', { seed: 3, maxFrames: 150 }).pipe(toArray()),
    );
    const elapsed = performance.now() - started;
    clearInterval(timer);
    expect(elapsed).toBeGreaterThan(300); // it did real work meanwhile
    expect(maxGap).toBeLessThan(200);
  });
});

describe('Qwen3Speech cancellation (barge-in)', () => {
  it('starts no ONNX run after unsubscribe, emits no event after it, and the worker sends nothing more for it', async () => {
    const before = tts.runsStarted();
    const worker = (tts as unknown as { engine: { pool: { primary: { strayMessages: number } } } }).engine.pool.primary;
    let runsAtCancel = -1;
    let eventsAfterCancel = 0;
    const seen: string[] = [];
    await new Promise<void>((resolve) => {
      const subscription = tts
        .synthesize('Keep talking, on and on, for a long long time.', { seed: 4, maxFrames: 2000 })
        .subscribe((event) => {
          if (runsAtCancel >= 0) eventsAfterCancel++;
          seen.push(event.type);
          if (event.type === 'audio' && runsAtCancel < 0) {
            subscription.unsubscribe();
            runsAtCancel = tts.runsStarted();
            resolve();
          }
        });
    });
    await tts.stats(); // the worker has handled the cancel
    const straysAtStats = worker.strayMessages;
    await delay(300); // time for more events or stray messages, were the worker still going
    expect(seen).not.toContain('segment-end');
    expect(eventsAfterCancel).toBe(0);
    // Runs are counted before the cancel check, so every run that went ahead is in runsAtCancel.
    expect(tts.runsStarted()).toBeLessThanOrEqual(runsAtCancel);
    expect(runsAtCancel - before).toBeLessThan(500 * 31); // far from the ~62,000 runs of 2000 frames
    expect(worker.strayMessages).toBe(straysAtStats);
    // The engine is still usable after a cancel.
    const next = await lastValueFrom(tts.synthesize('After the cancel.', { seed: 1, maxFrames: 5 }).pipe(toArray()));
    expect(next.at(-1)?.type).toBe('done');
  });

  it('drops a request cancelled while still queued behind another: it never runs', async () => {
    const running: string[] = [];
    const queued: string[] = [];
    const a = tts
      .synthesize('The first request runs for a long time.', { seed: 4, maxFrames: 2000 })
      .subscribe((e) => running.push(e.type));
    const b = tts.synthesize('The second one waits.', { seed: 5, maxFrames: 20 }).subscribe((e) => queued.push(e.type));
    b.unsubscribe();
    await vi.waitFor(() => expect(tts.runsStarted()).toBeGreaterThan(0), { timeout: 10_000 }); // the first one is running
    a.unsubscribe();
    const runsAtCancel = tts.runsStarted();
    await tts.stats();
    await delay(200);
    // The start and the segment's text come from the segmenter on subscribe; nothing from the worker.
    expect(queued.filter((type) => type !== 'segment-text')).toEqual(['segment-start']);
    expect(tts.runsStarted()).toBeLessThanOrEqual(runsAtCancel);
  });

  it('close() ends open streams with CANCELLED (one waiting for text too), runs no more ONNX and refuses new ones', async () => {
    const own = await Qwen3Speech.load({ model: await standinDir(), threads: 1 });
    const heard: SpeechEvent[] = [];
    const speaking = new Promise((resolve) => {
      own
        .synthesize('This will be cut off by close.', { seed: 4, maxFrames: 2000 })
        .subscribe({ next: (e) => heard.push(e), error: resolve });
    });
    const waiting = lastValueFrom(own.synthesize(NEVER)).catch((error: unknown) => error);
    await vi.waitFor(() => expect(audioOf(heard)).not.toHaveLength(0), { timeout: 20_000 });
    await Promise.all([own.close(), own.close()]);
    const runsAtClose = own.runsStarted();
    expect(await speaking).toMatchObject({ code: 'CANCELLED' });
    expect(await waiting).toMatchObject({ code: 'CANCELLED' });
    await expect(lastValueFrom(own.synthesize('Too late.'))).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(own.runsStarted()).toBe(runsAtClose);
  });
});

describe('Qwen3Speech.load errors', () => {
  it('MODEL_NOT_FOUND for a missing directory', async () => {
    await expect(Qwen3Speech.load({ model: '/nonexistent/model' })).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });

  it('MODEL_LOAD_FAILED from the worker, naming the broken graph', async () => {
    const dir = await standinCopy();
    copyFileSync(join(dir, 'codec_embed.onnx'), join(dir, 'talker_decode.onnx'));
    await expect(Qwen3Speech.load({ model: dir })).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: expect.stringContaining('talker_decode.onnx'),
    });
  });

  it.skipIf(cudaLibrariesPresent())('DEVICE_UNAVAILABLE from the worker when CUDA cannot be loaded', async () => {
    await expect(Qwen3Speech.load({ model: await standinDir(), device: 'cuda' })).rejects.toMatchObject({ code: 'DEVICE_UNAVAILABLE' });
  });

  it('INVALID_INPUT for a bad device or default voice', async () => {
    const model = await standinDir();
    await expect(Qwen3Speech.load({ model, device: 'tpu' as never })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(Qwen3Speech.load({ model, defaults: { voice: 'nobody' } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('Qwen3Speech speaks from the first words (textMode incremental, the default)', () => {
  it('sends audio before the sentence is complete', async () => {
    const tokens = new Subject<string>();
    const events = new ReplaySubject<SpeechEvent>();
    tts.synthesize(tokens, { seed: 3, maxFrames: 20 }).subscribe(events);
    for (const token of ['Once', ' upon', ' a', ' time', ' a', ' small']) tokens.next(token);
    const first = await firstValueFrom(events.pipe(filter((event) => event.type === 'audio')));
    expect(first.type).toBe('audio');
    tokens.next(' robot lived by the sea.');
    tokens.complete();
    const all = await lastValueFrom(events.pipe(toArray()));
    expect(all.at(-1)).toEqual({ type: 'done', segments: 1 });
    expect(all.findLast((event) => event.type === 'segment-text')).toMatchObject({
      text: 'Once upon a time a small robot lived by the sea.',
    });
  });

  it('gives the audio of the whole text in streaming-text mode, for the same seed, however the tokens come', async () => {
    const text = 'Hello there, this is parley. It speaks in two sentences.';
    const whole = await lastValueFrom(
      tts.synthesize(text, { seed: 8, maxFrames: 16, textMode: 'sentence', streamingText: true }).pipe(toArray()),
    );
    const tokens = new Subject<string>();
    const streamed = lastValueFrom(tts.synthesize(tokens, { seed: 8, maxFrames: 16 }).pipe(toArray()));
    for (const token of text.match(/\s*\S+/g)!) {
      tokens.next(token);
      await delay(5); // the talker may run dry and wait between tokens
    }
    tokens.complete();
    expect(samplesOf(await streamed)).toEqual(samplesOf(whole));
  });

  it('unsubscribing while the talker waits for more text stops it at once: no ONNX run after', async () => {
    const tokens = new Subject<string>();
    const events = new ReplaySubject<SpeechEvent>();
    const subscription = tts.synthesize(tokens, { seed: 4, maxFrames: 200, leadTokens: 1 }).subscribe(events);
    tokens.next('One two three four five six');
    await firstValueFrom(events.pipe(filter((event) => event.type === 'audio')));
    // The ids of 'One two three four' are all the talker has (a frame each; the first chunk is
    // 4 frames): it runs dry and waits.
    let runs = tts.runsStarted();
    await vi.waitFor(
      async () => {
        const before = runs;
        await delay(100);
        runs = tts.runsStarted();
        expect(runs).toBe(before);
      },
      { timeout: 10_000 },
    );
    subscription.unsubscribe();
    tokens.next(' seven, how are you?');
    await delay(200);
    expect(tts.runsStarted()).toBe(runs);
  });

  it('in sentence mode, waits for the whole sentence', async () => {
    const tokens = new Subject<string>();
    const events: SpeechEvent[] = [];
    const done = new Promise((resolve) =>
      tts
        .synthesize(tokens, { seed: 3, maxFrames: 8, textMode: 'sentence' })
        .subscribe({ next: (event) => events.push(event), complete: () => resolve(events) }),
    );
    for (const token of ['Once', ' upon', ' a', ' time', ' a', ' small']) tokens.next(token);
    await delay(300); // the incremental default would be speaking by now (the test above)
    expect(events).toEqual([]);
    tokens.next(' robot.');
    tokens.complete();
    await done;
    expect(events[0]).toEqual({ type: 'segment-start', index: 0, text: 'Once upon a time a small robot.' });
  });
});
