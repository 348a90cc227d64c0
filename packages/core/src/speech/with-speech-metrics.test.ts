import { NEVER, Observable, Subject, concat, lastValueFrom, of, throwError, toArray } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { ParleyError } from '../errors.js';
import { PcmFrame } from '../audio/pcm-frame.js';
import type { SpeechEvent } from './events.js';
import type { SegmentMetrics, StreamMetrics } from './metrics.js';
import type { TextToSpeech } from './text-to-speech.js';
import { speakSegmentStreams } from './speak-segment-streams.js';
import { speakSegments } from './speak-segments.js';
import { withSpeechMetrics } from './with-speech-metrics.js';

/** A clock the test moves by hand, so every duration below is exact. */
function manualClock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

/** A synthesizer whose frames the test releases one by one; `streaming` speaks from the first words. */
function steppedEngine(streaming = false) {
  const frames = new Subject<PcmFrame>();
  const tts: TextToSpeech = {
    sampleRate: 24_000,
    channels: 1,
    voices: [],
    synthesize: (input) => (streaming ? speakSegmentStreams(input, () => frames) : speakSegments(input, () => frames)),
    close: async () => {},
  };
  return { tts, frames };
}

const second = () => new PcmFrame(new Int16Array(24_000), 24_000);

describe('withSpeechMetrics', () => {
  it('measures time to first audio from the first token and from segment release, RTF and durations', () => {
    const clock = manualClock();
    const { tts, frames } = steppedEngine();
    const segments: SegmentMetrics[] = [];
    const events: SpeechEvent[] = [];
    const tokens = new Subject<string>();
    withSpeechMetrics(tts, { now: clock.now, onSegment: (m) => segments.push(m) })
      .synthesize(tokens)
      .subscribe((event) => events.push(event));

    clock.advance(100);
    tokens.next('Hello'); // first token at t=100
    clock.advance(300);
    tokens.next(' world. '); // released at t=400 on completion below
    tokens.complete();
    clock.advance(50);
    frames.next(second()); // first audio at t=450
    clock.advance(250);
    frames.next(second());
    frames.complete(); // segment ends at t=700 with 2 s of audio

    expect(segments).toEqual([{ index: 0, characters: 12, ttfaMs: 50, synthesisMs: 300, audioMs: 2000, rtf: 0.15, cancelled: false }]);
    expect(events.map((e) => e.type)).toEqual(['segment-start', 'audio', 'audio', 'segment-end', 'segment-metrics', 'done']);
    const done = events.at(-1) as Extract<SpeechEvent, { type: 'done' }>;
    expect(done.metrics).toEqual({
      segments: 1,
      characters: 12,
      ttfaFromInputMs: 350,
      ttfaFromReleaseMs: 50,
      synthesisMs: 300,
      audioMs: 2000,
      rtf: 0.15,
      wallMs: 700,
      cancelled: false,
    });
  });

  it('reports a cancelled stream, and the segment cut short, when the listener leaves', () => {
    const clock = manualClock();
    const { tts, frames } = steppedEngine();
    let stream: StreamMetrics | undefined;
    const segments: SegmentMetrics[] = [];
    const subscription = withSpeechMetrics(tts, { now: clock.now, onStream: (m) => (stream = m), onSegment: (m) => segments.push(m) })
      .synthesize(concat(of('Talking on and on. And'), NEVER))
      .subscribe();
    clock.advance(20);
    frames.next(second());
    clock.advance(10);
    subscription.unsubscribe();
    expect(segments).toEqual([expect.objectContaining({ index: 0, cancelled: true, synthesisMs: 30, audioMs: 1000 })]);
    expect(stream).toMatchObject({ cancelled: true, segments: 1, audioMs: 1000 });
  });

  it('reports the error code of a failed stream once', async () => {
    const failing: TextToSpeech = {
      sampleRate: 24_000,
      channels: 1,
      voices: [],
      synthesize: (input) => speakSegments(input, () => throwError(() => new ParleyError('DEVICE_UNAVAILABLE', 'gpu gone'))),
      close: async () => {},
    };
    const reports: StreamMetrics[] = [];
    const events = withSpeechMetrics(failing, { onStream: (m) => reports.push(m) }).synthesize('Hi.');
    await expect(lastValueFrom(events.pipe(toArray()))).rejects.toMatchObject({ code: 'DEVICE_UNAVAILABLE' });
    expect(reports).toEqual([expect.objectContaining({ error: 'DEVICE_UNAVAILABLE', cancelled: false, segments: 1 })]);
  });

  it('leaves the engine untouched: same format, voices and close, same events in order', async () => {
    const close = vi.fn(async () => {});
    const inner: TextToSpeech = {
      sampleRate: 16_000,
      channels: 1,
      voices: ['ryan'],
      synthesize: (input) => speakSegments(input, () => new Observable<PcmFrame>((s) => s.complete())),
      close,
    };
    const measured = withSpeechMetrics(inner);
    expect([measured.sampleRate, measured.voices]).toEqual([16_000, ['ryan']]);
    await measured.close();
    expect(close).toHaveBeenCalledTimes(1);
    const types = (await lastValueFrom(measured.synthesize('One. Two.').pipe(toArray()))).map((e) => e.type);
    expect(types).toEqual(['segment-start', 'segment-end', 'segment-metrics', 'segment-start', 'segment-end', 'segment-metrics', 'done']);
  });

  it('passes segment-text on and counts the characters the segment grew to', () => {
    const { tts, frames } = steppedEngine(true);
    const events: SpeechEvent[] = [];
    const segments: SegmentMetrics[] = [];
    const tokens = new Subject<string>();
    withSpeechMetrics(tts, { onSegment: (m) => segments.push(m) })
      .synthesize(tokens)
      .subscribe((event) => events.push(event));
    tokens.next('Hello there');
    tokens.next(' world.');
    tokens.complete();
    frames.complete();
    expect(events.map((e) => e.type)).toEqual(['segment-start', 'segment-text', 'segment-text', 'segment-end', 'segment-metrics', 'done']);
    expect(events[0]).toEqual({ type: 'segment-start', index: 0, text: 'Hello' });
    expect(events[2]).toEqual({ type: 'segment-text', index: 0, text: 'Hello there world.' });
    expect(segments[0]?.characters).toBe('Hello there world.'.length);
  });
});
