import { join } from 'node:path';
import type { SpeechEvent } from '@parley/core';
import { convertCheckpoint, generateStandinCheckpoint } from '@parley/models';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyDir, removeCopies, standinDir } from './testing/standin.js';
import { Qwen3Speech } from './qwen3-speech.js';

const TEXT = 'Hello there, this is parley. It speaks in two sentences.';
const samplesOf = (events: SpeechEvent[]) => Int16Array.from(events.flatMap((e) => (e.type === 'audio' ? Array.from(e.frame.data) : [])));

const engines: Qwen3Speech[] = [];
afterAll(async () => {
  await Promise.all(engines.map((engine) => engine.close()));
  removeCopies();
});

async function load(layout?: 'community' | 'parley', model?: string): Promise<Qwen3Speech> {
  const engine = await Qwen3Speech.load({
    model: model ?? (await standinDir({ layout: 'community+parley' })),
    threads: 1,
    ...(layout && { layout }),
  });
  engines.push(engine);
  return engine;
}

const speak = async (engine: Qwen3Speech) =>
  samplesOf(await lastValueFrom(engine.synthesize(TEXT, { seed: 11, maxFrames: 20 }).pipe(toArray())));

describe('Qwen3Speech layouts', () => {
  it('speaks a directory with both layouts through the parley graphs by default, with the community layout’s audio', async () => {
    const [auto, community] = [await load(), await load('community')];
    expect([auto.info.layout, auto.info.precision, community.info.layout]).toEqual(['parley', 'fp32', 'community']);
    const [audio, windowed] = [await speak(auto), await speak(community)];
    expect(audio.length).toBeGreaterThan(0);
    // The same codes; the parley layout decodes them with its streaming graph, the community one
    // in windows with left context: the same samples but for float rounding, at most 1 LSB.
    expect(audio.length).toBe(windowed.length);
    expect(Math.max(...audio.map((sample, i) => Math.abs(sample - windowed[i]!)))).toBeLessThanOrEqual(1);
  });

  it('speaks a checkpoint converted by `parley models convert` exactly like the stand-in it holds the weights of', async () => {
    const checkpoint = emptyDir();
    await generateStandinCheckpoint(checkpoint);
    const converted = join(emptyDir(), 'model');
    await convertCheckpoint({ checkpointDir: checkpoint, outDir: converted, codecDir: await standinDir() });
    const engine = await load(undefined, converted);
    expect(engine.info.layout).toBe('parley');
    expect(await speak(engine)).toEqual(await speak(await load('parley')));
  });

  it('rejects an unknown layout with INVALID_INPUT before loading', async () => {
    expect(() => Qwen3Speech.create({ model: '.', layout: 'fastest' as 'parley' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        message: expect.stringContaining("layout must be 'auto', 'community' or 'parley'"),
      }),
    );
  });
});
