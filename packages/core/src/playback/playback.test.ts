import { setTimeout as delay } from 'node:timers/promises';
import { concat, from, throwError, type Observable } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { PcmFrame } from '../audio/pcm-frame.js';
import type { SpeechEvent } from '../speech/events.js';
import { ToneSpeech } from '../speech/tone-speech.js';
import { ClockedOutput } from './clocked-output.js';
import { Playback } from './playback.js';

const TEXT = 'The weather today is sunny and warm. Tomorrow it will rain all day long.';
/** ToneSpeech at 60 ms a character, made ten times faster than it plays. */
const fastTone = () => new ToneSpeech({ msPerCharacter: 60, realTimeFactor: 0.1 });

describe('Playback into a clocked output (real time, no sound card)', () => {
  it('plays a whole utterance in real time and reports all of it heard', async () => {
    const output = new ClockedOutput(24_000);
    const start = performance.now();
    const result = await new Playback(output, new ToneSpeech({ msPerCharacter: 20 }).synthesize('Hi there. Bye now.')).done;
    expect(performance.now() - start).toBeGreaterThan(300); // 17 characters × 20 ms = 340 ms
    expect(result).toMatchObject({ interrupted: false, position: { text: 'Hi there. Bye now.', segmentIndex: 1, samples: 17 * 20 * 24 } });
    expect(output.playedSamples).toBe(17 * 20 * 24);
  });

  it('cancel(): says what had played, drops the queue, writes nothing more and stops the engine', async () => {
    const output = new ClockedOutput(24_000);
    const tts = fastTone();
    const playback = new Playback(output, tts.synthesize(TEXT));
    await vi.waitFor(() => expect(output.playedSamples).toBeGreaterThan(24_000), { timeout: 5_000 });
    const position = playback.cancel();
    expect(output.queuedSamples).toBe(0);
    expect(Math.abs(position.samples - output.playedSamples)).toBeLessThanOrEqual(24 * 5);
    expect(TEXT.startsWith(position.text)).toBe(true);
    expect(position.text.length).toBeLessThanOrEqual(position.charOffset);
    await expect(playback.done).resolves.toEqual({ interrupted: true, position });
    const [writes, chunks] = [output.writes.length, tts.chunksGenerated];
    await delay(200);
    expect([output.writes.length, tts.chunksGenerated]).toEqual([writes, chunks]);
    expect(playback.state).toBe('cancelled');
    expect(playback.cancel()).toBe(position);
  });

  it('resamples to the output rate and still counts the position in the speech samples', async () => {
    const output = new ClockedOutput(48_000);
    const result = await new Playback(output, new ToneSpeech({ msPerCharacter: 10 }).synthesize('Hi there.')).done;
    expect(result.position.samples).toBe(9 * 10 * 24);
    expect(Math.abs(output.pushedSamples - 9 * 10 * 48)).toBeLessThanOrEqual(48);
  });

  it("cuts the audio into the output's frame length, padding the last frame", async () => {
    const output = Object.assign(new ClockedOutput(24_000), { frameMs: 20 });
    const frames = [new PcmFrame(new Int16Array(700), 24_000), new PcmFrame(new Int16Array(300), 24_000)];
    await new Playback(output, from(frames)).done;
    expect(output.writes.map((write) => write.samples)).toEqual([480, 480, 480]);
  });

  it('counts the next playback on the same output from zero', async () => {
    const output = new ClockedOutput(24_000);
    new Playback(output, fastTone().synthesize(TEXT)).cancel();
    const second = new Playback(output, new ToneSpeech({ msPerCharacter: 10 }).synthesize('Hi.'));
    expect(second.played().samples).toBe(0);
    await expect(second.done).resolves.toMatchObject({ interrupted: false, position: { samples: 3 * 10 * 24, text: 'Hi.' } });
  });

  it('ends a failed stream with its error, interrupted, and its queue dropped', async () => {
    const output = new ClockedOutput(24_000);
    const failing: Observable<SpeechEvent> = concat(
      fastTone().synthesize('A first sentence.'),
      throwError(() => new Error('engine died')),
    );
    const result = await new Playback(output, failing).done;
    expect(result).toMatchObject({ interrupted: true, error: { code: 'INTERNAL', message: 'engine died' } });
    expect(output.queuedSamples).toBe(0);
    expect(output.clears).toHaveLength(1);
  });

  it("fails with the output's error when it refuses a frame", async () => {
    const output = new ClockedOutput(24_000);
    output.write = () => {
      throw new Error('the page went away');
    };
    const result = await new Playback(output, fastTone().synthesize('Hi.')).done;
    expect(result).toMatchObject({ interrupted: true, error: { message: 'the page went away' }, position: { samples: 0 } });
  });
});
