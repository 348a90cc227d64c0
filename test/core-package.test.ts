import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ToneSpeech, concatSamples, decodeWav, encodeWav, frames, withSpeechMetrics, type SpeechEvent } from '@parley/core';
import { toAudioFrame } from '@parley/core/livekit';

// The path a transport takes: speech events → audio frames → 20 ms frames → a WAV a person can play.
describe('@parley/core as a built package', () => {
  it('speaks tokens into 20 ms frames that round-trip through WAV and rtc-node', async () => {
    const tts = withSpeechMetrics(new ToneSpeech({ msPerCharacter: 10 }));
    const events: SpeechEvent[] = await lastValueFrom(tts.synthesize('Hello there. How are you?').pipe(toArray()));
    const audio = events.flatMap((event) => (event.type === 'audio' ? [event.frame] : []));
    const framed = await lastValueFrom(from(audio).pipe(frames(20)).pipe(toArray()));
    expect(framed.slice(0, -1).every((frame) => frame.samplesPerChannel === 480)).toBe(true);

    const samples = concatSamples(
      framed.map((frame) => frame.data),
      (n) => new Int16Array(n),
    );
    const wav = decodeWav(encodeWav(samples, { sampleRate: 24_000 }));
    expect(wav.samples).toEqual(samples);
    expect(toAudioFrame(framed[0]!).data.buffer).toBe(framed[0]!.data.buffer);

    const done = events.at(-1);
    expect(done).toMatchObject({ type: 'done', segments: 2, metrics: { segments: 2, cancelled: false } });
  });
});
