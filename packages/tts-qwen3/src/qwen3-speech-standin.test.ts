import { join } from 'node:path';
import type { SpeechEvent } from '@parley/core';
import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { VOICE_A, vowelWav } from './testing/reference-voice.js';
import { STANDIN_MAX_FRAMES, standinModelDir } from './model/standin-model.js';
import { Qwen3Speech } from './qwen3-speech.js';

const FRAME_SAMPLES = 1920;
const samples = (events: SpeechEvent[], index: number) =>
  events.reduce((sum, e) => sum + (e.type === 'audio' && e.index === index ? e.frame.samplesPerChannel : 0), 0);

describe("Qwen3Speech.load({ model: 'standin' })", () => {
  it('generates the stand-in into the cache, says where and that it is noise, and speaks at most 3 s a segment', async () => {
    const warnings: string[] = [];
    const tts = await Qwen3Speech.load({ model: 'standin', threads: 1, onWarning: (line) => warnings.push(line) });
    expect(warnings).toEqual([
      expect.stringMatching(/^(generating|using) the random-weight stand-in model \(noise, not speech\) (into|in) /),
    ]);
    expect(warnings[0]).toContain(join(process.env.PARLEY_CACHE!, 'standin-'));
    expect(tts.voices).toContain('ryan');
    const events = await lastValueFrom(
      tts.synthesize('A sentence long enough to run past three seconds of noise.', { voice: 'ryan', seed: 1 }).pipe(toArray()),
    );
    expect(samples(events, 0)).toBeGreaterThan(0);
    expect(samples(events, 0)).toBeLessThanOrEqual(STANDIN_MAX_FRAMES * FRAME_SAMPLES);
    await tts.close();
  });

  it('is a Base stand-in when the engine clones a voice by default', async () => {
    const clone = { audio: vowelWav(VOICE_A, 2, 22_050, 2), text: 'Ah, a long open vowel.' };
    const tts = await Qwen3Speech.load({ model: 'standin', threads: 1, onWarning: () => {}, defaults: { clone, maxFrames: 4 } });
    expect(tts.info.config.modelType).toBe('base');
    const events = await lastValueFrom(tts.synthesize('Cloned.', { seed: 2 }).pipe(toArray()));
    expect(samples(events, 0)).toBe(4 * FRAME_SAMPLES); // defaults.maxFrames wins over the stand-in's cap
    await tts.close();
  });

  it('fails with MODEL_NOT_FOUND saying what to install when @parley/models is not there', async () => {
    const missing = Object.assign(new Error("Cannot find package '@parley/models'"), { code: 'ERR_MODULE_NOT_FOUND' });
    await expect(
      standinModelDir(
        false,
        () => {},
        () => Promise.reject(missing),
      ),
    ).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
      message: expect.stringContaining('npm i @parley/models'),
    });
  });
});
