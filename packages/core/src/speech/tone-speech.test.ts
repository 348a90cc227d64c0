import { lastValueFrom, NEVER, toArray } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import type { SpeechEvent } from './events.js';
import { ToneSpeech } from './tone-speech.js';

describe('ToneSpeech', () => {
  it('speaks each segment as audio whose length follows the text', async () => {
    const tts = new ToneSpeech({ msPerCharacter: 50, chunkMs: 80 });
    const events = await lastValueFrom(tts.synthesize('Hi there. Bye.').pipe(toArray()));
    const ends = events.flatMap((e) => (e.type === 'segment-end' ? [e.samples] : []));
    // 'Hi there.' = 9 characters × 50 ms = 450 ms = 10 800 samples at 24 kHz; 'Bye.' = 4 × 50 ms.
    expect(ends).toEqual([10_800, 4_800]);
    const frames = events.flatMap((e) => (e.type === 'audio' ? [e.frame] : []));
    expect(frames.every((f) => f.sampleRate === 24_000 && f.samplesPerChannel <= 1920)).toBe(true);
    expect(Math.max(...frames.flatMap((f) => [...f.data]))).toBeGreaterThan(16_000);
  });

  it('stops generating the moment the listener unsubscribes', () => {
    vi.useFakeTimers();
    try {
      // 40 characters × 200 ms = 8 s of audio, in 20 ms chunks every 2 ms.
      const tts = new ToneSpeech({ msPerCharacter: 200, chunkMs: 20, realTimeFactor: 0.1 });
      const subscription = tts.synthesize('A sentence that takes seconds to speak.').subscribe((event: SpeechEvent) => {
        if (event.type === 'audio') subscription.unsubscribe();
      });
      vi.advanceTimersByTime(2);
      expect(tts.chunksGenerated).toBe(1);
      vi.advanceTimersByTime(1_000);
      expect(tts.chunksGenerated).toBe(1);
      expect(vi.getTimerCount()).toBe(0); // and no timer is left behind
    } finally {
      vi.useRealTimers();
    }
  });

  it('close() ends the speech under way with CANCELLED, stops generating and refuses new speech', async () => {
    vi.useFakeTimers();
    try {
      // 40 characters × 200 ms = 8 s of audio, in 20 ms chunks every 2 ms.
      const tts = new ToneSpeech({ msPerCharacter: 200, chunkMs: 20, realTimeFactor: 0.1 });
      const errors: unknown[] = [];
      tts.synthesize('A sentence that takes seconds to speak.').subscribe({ error: (e) => errors.push(e) });
      tts.synthesize(NEVER).subscribe({ error: (e) => errors.push(e) }); // waiting for text
      vi.advanceTimersByTime(10);
      expect(tts.chunksGenerated).toBe(5);
      await Promise.all([tts.close(), tts.close()]);
      expect(errors).toEqual([expect.objectContaining({ code: 'CANCELLED' }), expect.objectContaining({ code: 'CANCELLED' })]);
      expect(vi.getTimerCount()).toBe(0);
      vi.advanceTimersByTime(1_000);
      expect(tts.chunksGenerated).toBe(5);
      await expect(lastValueFrom(tts.synthesize('Hello.'))).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(tts.voices).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
