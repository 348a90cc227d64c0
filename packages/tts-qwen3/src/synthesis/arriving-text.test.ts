import fc from 'fast-check';
import { InputFeed } from '@parley/core/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, GREEDY, removeCopies, standinRuntime } from '../testing/standin.js';
import type { Qwen3SynthesisOptions } from './options.js';
import { ArrivingText } from './arriving-text.js';
import type { SynthesisRuntime } from './synthesize-text.js';

let runtime: SynthesisRuntime;
beforeAll(async () => {
  runtime = await standinRuntime();
});
afterAll(async () => {
  await runtime.model.release();
  removeCopies();
});

const SENTENCES = [
  'Hello, world! This is parley speaking.',
  'It costs $4.99, i.e. 1,000 cents.',
  '你好，世界。我们走吧',
  'Great job 👍🏽 see you, café!',
  "Don't stop; it's 10:30 now.",
];

/** A feed that says when its reader waits: ArrivingText waits only when it has taken everything. */
class WatchedFeed extends InputFeed<string> {
  onWait: () => void = () => {};
  override changed(): Promise<void> {
    const changed = super.changed();
    this.onWait();
    return changed;
  }
}

/**
 * A text arriving in `pieces`: one more each time the talker has run `every` times (0: all at
 * once), and one more whenever the talker has run dry and waits.
 */
function arriving(pieces: readonly string[], every: number, signal?: { aborted: boolean }) {
  const feed = new WatchedFeed();
  const text = new ArrivingText(feed, runtime.tokenizer, runtime.model.config.text.ttsEos, signal);
  let next = 0;
  let runs = 0;
  let waits = 0;
  let completeAtFirstRun: boolean | undefined;
  const give = () => {
    if (next < pieces.length) feed.push(pieces[next++]!);
    if (next === pieces.length) feed.end();
  };
  feed.onWait = () => {
    waits++;
    setImmediate(give);
  };
  if (every === 0) while (!feed.ended) give();
  else give();
  const trace = {
    onTalkerRun: () => {
      completeAtFirstRun ??= feed.ended;
      if (every > 0 && ++runs % every === 0) give();
    },
  };
  return { text, trace, completeAtFirstRun: () => completeAtFirstRun, waits: () => waits };
}

/** `text` cut at the code point offsets `cuts`. */
function split(text: string, cuts: readonly number[]): string[] {
  const chars = [...text];
  const at = [...new Set(cuts.map((cut) => cut % (chars.length + 1))), chars.length].sort((a, b) => a - b);
  return at.map((cut, i) => chars.slice(i === 0 ? 0 : at[i - 1], cut).join(''));
}

describe('synthesizeText with text that arrives while it speaks', () => {
  it('gives exactly the codes of streaming-text mode with the whole text, however the text arrives', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SENTENCES),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.integer({ min: 0, max: 3 }),
        fc.record({ greedy: fc.boolean(), seed: fc.nat(), leadTokens: fc.integer({ min: 1, max: 6 }) }),
        async (sentence, cuts, every, { greedy, seed, leadTokens }) => {
          const options: Qwen3SynthesisOptions = { ...(greedy ? GREEDY : {}), seed, maxFrames: 24, voice: 'ryan', leadTokens };
          const whole = await collect(runtime, sentence, { ...options, textMode: 'sentence', streamingText: true });
          const pieces = arriving(split(sentence, cuts), every);
          const incremental = await collect(runtime, pieces.text, options, undefined, { trace: pieces.trace });
          expect(incremental.frames).toEqual(whole.frames);
          expect(incremental.audio).toEqual(whole.audio);
        },
      ),
      { numRuns: 24 },
    );
  });

  it('starts speaking from the first words, before the sentence is complete', async () => {
    const pieces = arriving(['Hello', ' there', ' my', ' friend', ', how', ' are', ' you?'], 2);
    const result = await collect(runtime, pieces.text, { ...GREEDY, maxFrames: 30, leadTokens: 2 }, undefined, { trace: pieces.trace });
    expect(pieces.completeAtFirstRun()).toBe(false);
    expect(pieces.waits()).toBeGreaterThan(0); // the talker ran dry and waited, rather than padding
    expect(result.frames.length).toBe(30);
  });

  it('runs nothing until leadTokens ids of the text are certain', async () => {
    const feed = new InputFeed<string>();
    const text = new ArrivingText(feed, runtime.tokenizer, runtime.model.config.text.ttsEos, undefined);
    const runs = () => runtime.model.monitor.snapshot().totalRuns;
    const before = runs();
    const done = collect(runtime, text, { ...GREEDY, maxFrames: 4, leadTokens: 3 });
    for (const piece of ['Hello', ' there', ' my']) {
      feed.push(piece); // 'Hello there' is certain once ' my' begins: two ids
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(runs()).toBe(before);
    feed.push(' friend');
    feed.end();
    expect((await done).frames.length).toBe(4);
    expect(runs()).toBeGreaterThan(before);
  });

  it('a cancel while the talker waits for text ends it with CANCELLED, and no ONNX run follows', async () => {
    const signal = { aborted: false };
    const feed = new WatchedFeed();
    const text = new ArrivingText(feed, runtime.tokenizer, runtime.model.config.text.ttsEos, signal);
    const runs = () => runtime.model.monitor.snapshot().totalRuns;
    const before = runs();
    let waitsAfterStart = 0;
    let runsAtWait = -1;
    feed.onWait = () => {
      if (runs() > before && waitsAfterStart++ === 0) runsAtWait = runs();
    };
    feed.push('Hello there my');
    const done = collect(runtime, text, { ...GREEDY, maxFrames: 50, leadTokens: 1 }, signal);
    await expect.poll(() => waitsAfterStart).toBe(1); // the talker ran 'Hello there' dry and waits
    signal.aborted = true;
    feed.end(); // what the worker's host does on a cancel: it wakes the wait
    await expect(done).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(runsAtWait).toBeGreaterThan(before);
    expect(runs()).toBe(runsAtWait);
  });
});
