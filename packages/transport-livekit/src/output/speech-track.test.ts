import { setTimeout as delay } from 'node:timers/promises';
import { PcmFrame, ToneSpeech, isParleyError, type SpeechEvent } from '@parley/core';
import { concat, from, throwError, type Observable } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AUDIO_WAIT, PLAYED_TOLERANCE_MS, listenLoopback, nowMs } from '../testing/loopback.js';
import { SpeechTrack, type SpeechTrackOptions } from './speech-track.js';

const TEXT = 'The weather today is sunny and warm. Tomorrow it will rain all day long.';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A real speech track (no room) and a loopback listener hearing it at the track's rate. */
function setup(options: SpeechTrackOptions = {}) {
  const speaker = SpeechTrack.create(options);
  const listener = listenLoopback(speaker.track, speaker.sampleRate);
  cleanups.push(async () => {
    await listener.stop();
    await speaker.close();
  });
  return { speaker, listener };
}

describe('SpeechTrack.speak on a real AudioSource (no room)', () => {
  it('plays a whole utterance in real time and reports all of it heard', async () => {
    const { speaker, listener } = setup();
    const tts = new ToneSpeech({ msPerCharacter: 20 }); // 'Hi there. Bye now.': 17 × 20 = 340 ms
    const start = nowMs();
    const result = await speaker.speak(tts.synthesize('Hi there. Bye now.')).done;
    expect(nowMs() - start).toBeGreaterThan(250);
    expect(result).toMatchObject({ interrupted: false, position: { text: 'Hi there. Bye now.', segmentIndex: 1 } });
    expect(result.position.samples).toBe(17 * 20 * 24);
    await vi.waitFor(() => expect(listener.loudSamples()).toBeGreaterThanOrEqual(17 * 20 * 24 - 24 * PLAYED_TOLERANCE_MS), AUDIO_WAIT);
    expect(listener.loudSamples()).toBeLessThanOrEqual(17 * 20 * 24);
    expect(speaker.current).toBeUndefined();
  });

  it('cancel(): no capture after it, queue cleared, the engine stopped, and it says what was heard', async () => {
    const { speaker, listener } = setup();
    // 71 characters × 60 ms = 4.3 s of speech, produced 10× faster than real time
    const tts = new ToneSpeech({ msPerCharacter: 60, realTimeFactor: 0.1 });
    const playback = speaker.speak(tts.synthesize(TEXT));
    await vi.waitFor(() => expect(listener.loudSamples()).toBeGreaterThan(24 * 1000), AUDIO_WAIT); // a second of it heard
    const position = playback.cancel();
    const captures = speaker.captures;
    const chunks = tts.chunksGenerated;
    expect(speaker.source.queuedDuration).toBe(0);
    expect(position).toMatchObject({ segmentIndex: 0, exact: true });
    expect(Math.abs(position.charOffset - position.ms / 60)).toBeLessThanOrEqual(1);
    expect(TEXT.startsWith(position.text)).toBe(true);
    expect(position.text.length).toBeLessThanOrEqual(position.charOffset);
    await expect(playback.done).resolves.toMatchObject({ interrupted: true, position });

    await delay(300);
    expect(speaker.captures).toBe(captures);
    expect(tts.chunksGenerated).toBe(chunks);
    // what the listener heard in all, cancel included, is the position reported
    expect(Math.abs(position.samples - listener.loudSamples())).toBeLessThanOrEqual(24 * PLAYED_TOLERANCE_MS);
    expect(playback.played()).toEqual(position);
    expect(playback.state).toBe('cancelled');
  });

  it('maps the position onto the second segment once the first has played', async () => {
    const { speaker, listener } = setup();
    const tts = new ToneSpeech({ msPerCharacter: 10, realTimeFactor: 0.1 });
    const playback = speaker.speak(tts.synthesize('One two three. Four five six seven eight.'));
    // 'One two three.' is 14 characters = 140 ms; wait until 'Four five' was heard (≈ 230 ms)
    await vi.waitFor(() => expect(listener.loudSamples()).toBeGreaterThan(24 * 240), AUDIO_WAIT);
    const position = playback.cancel();
    expect(position.segmentIndex).toBe(1);
    expect(position.text.startsWith('One two three. Four')).toBe(true);
  });

  it('resamples to a 48 kHz track and still counts the position in the speech samples', async () => {
    const { speaker, listener } = setup({ sampleRate: 48_000 });
    const tts = new ToneSpeech({ msPerCharacter: 20 });
    const result = await speaker.speak(tts.synthesize('Hi there. Bye now.')).done;
    expect(result.position.samples).toBe(17 * 20 * 24); // at 24 kHz
    await vi.waitFor(() => expect(listener.loudSamples()).toBeGreaterThanOrEqual(17 * 20 * 48 - 48 * PLAYED_TOLERANCE_MS), AUDIO_WAIT);
    await delay(30);
    expect(listener.loudSamples()).toBeLessThanOrEqual(17 * 20 * 48 + 48 * 5); // the filter rings a little
  });

  it('cancels a 48 kHz playback at the position the listener heard', async () => {
    const { speaker, listener } = setup({ sampleRate: 48_000 });
    const playback = speaker.speak(new ToneSpeech({ msPerCharacter: 60, realTimeFactor: 0.1 }).synthesize(TEXT));
    await vi.waitFor(() => expect(listener.loudSamples()).toBeGreaterThan(48 * 500), AUDIO_WAIT);
    const position = playback.cancel();
    await delay(100);
    expect(Math.abs(position.samples * 2 - listener.loudSamples())).toBeLessThanOrEqual(48 * PLAYED_TOLERANCE_MS);
  });

  it('plays bare PCM frames, with a position in samples and no text', async () => {
    const { speaker, listener } = setup();
    const frames = Array.from({ length: 10 }, () => new PcmFrame(new Int16Array(1200).fill(8000), 24_000)); // 500 ms
    const result = await speaker.speak(from(frames)).done;
    expect(result.position).toMatchObject({ samples: 12_000, ms: 500, segmentIndex: -1, text: '' });
    await vi.waitFor(() => expect(listener.loudSamples()).toBeGreaterThanOrEqual(12_000 - 24 * PLAYED_TOLERANCE_MS), AUDIO_WAIT);
    await delay(30);
    expect(listener.loudSamples()).toBeLessThanOrEqual(12_000);
  });

  it('ends a failed stream with its error, interrupted, and its queue cleared', async () => {
    const { speaker, listener } = setup({ queueMs: 1000 });
    const tts = new ToneSpeech({ msPerCharacter: 60 });
    const failing: Observable<SpeechEvent> = concat(
      tts.synthesize('A long first sentence to speak.'),
      throwError(() => new Error('engine died')),
    );
    const result = await speaker.speak(failing).done;
    expect(result.interrupted).toBe(true);
    expect(result.error?.message).toBe('engine died');
    expect(speaker.source.queuedDuration).toBe(0);
    await delay(100);
    expect(Math.abs(listener.loudSamples() - result.position.samples)).toBeLessThanOrEqual(24 * PLAYED_TOLERANCE_MS);
  });

  it('fails with OVERLOADED, and stops the engine, when speech runs too far ahead of playout', async () => {
    const { speaker } = setup();
    const tts = new ToneSpeech({ msPerCharacter: 60 }); // as fast as timers allow
    const result = await speaker.speak(tts.synthesize(TEXT), { maxBufferedMs: 500 }).done;
    expect(isParleyError(result.error) && result.error.code).toBe('OVERLOADED');
    const chunks = tts.chunksGenerated;
    await delay(50);
    expect(tts.chunksGenerated).toBe(chunks);
  });

  it('speaks one utterance at a time, and counts the next one from zero', async () => {
    const { speaker } = setup();
    const tts = new ToneSpeech({ msPerCharacter: 60, realTimeFactor: 0.1 });
    const first = speaker.speak(tts.synthesize(TEXT));
    expect(() => speaker.speak(tts.synthesize('Hi.'))).toThrow(/already speaking/);
    await delay(300);
    first.cancel();
    const second = speaker.speak(new ToneSpeech({ msPerCharacter: 20 }).synthesize('Hi.'));
    expect(second.played().samples).toBe(0);
    const result = await second.done;
    expect(result).toMatchObject({ interrupted: false, position: { samples: 3 * 20 * 24, text: 'Hi.' } });
  });

  it('reports nothing heard when cancelled before any audio', async () => {
    const { speaker } = setup();
    const playback = speaker.speak(new ToneSpeech().synthesize(TEXT));
    expect(playback.cancel()).toMatchObject({ samples: 0, text: '' });
    expect(speaker.captures).toBe(0);
  });

  it('close() cancels the playback and refuses to speak afterwards', async () => {
    const speaker = SpeechTrack.create();
    const playback = speaker.speak(new ToneSpeech({ realTimeFactor: 0.1 }).synthesize(TEXT));
    await delay(50);
    await speaker.close();
    expect(playback.state).toBe('cancelled');
    expect(() => speaker.speak(from([]))).toThrow(/closed/);
    await speaker.close(); // idempotent
  });

  it('refuses a bad sample rate or queue length', () => {
    expect(() => SpeechTrack.create({ sampleRate: 0 })).toThrow(/sample rate/);
    expect(() => SpeechTrack.create({ queueMs: 0.5 })).toThrow(/queueMs/);
  });
});
