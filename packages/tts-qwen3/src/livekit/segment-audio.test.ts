import { PcmFrame, type SpeechEvent } from '@parley/core';
import { AudioFrame } from '@livekit/rtc-node';
import { Subject, concat, from, lastValueFrom, of, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { markLast, segmentFrames, toSynthesizedAudio } from './segment-audio.js';

const chunk = (samples: number, value = 1) => new PcmFrame(new Int16Array(samples).fill(value), 24_000);
const audio = (frame: PcmFrame): SpeechEvent => ({ type: 'audio', index: 0, frame });

describe('markLast', () => {
  it('marks only the last frame final, and emits nothing for no frames', async () => {
    const marked = await lastValueFrom(of(chunk(1), chunk(2), chunk(3)).pipe(markLast(), toArray()));
    expect(marked.map((m) => [m.frame.samplesPerChannel, m.final])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(await lastValueFrom(of<PcmFrame>().pipe(markLast(), toArray()))).toEqual([]);
  });

  it('holds back only the latest frame, and drops it (no final) when the source fails', () => {
    const source = new Subject<PcmFrame>();
    const seen: boolean[] = [];
    let failed = false;
    source.pipe(markLast()).subscribe({ next: (m) => seen.push(m.final), error: () => (failed = true) });
    source.next(chunk(1));
    expect(seen).toEqual([]);
    source.next(chunk(1));
    expect(seen).toEqual([false]);
    source.error(new Error('engine failed'));
    expect([seen, failed]).toEqual([[false], true]);
  });
});

describe('segmentFrames', () => {
  it('re-cuts engine chunks into steady frames and calls onEngineStart per sentence start', async () => {
    let starts = 0;
    const events = from<SpeechEvent[]>([
      { type: 'segment-start', index: 0, text: 'One.' },
      audio(chunk(7680)), // the engine's first chunk: 4 codec frames, 320 ms
      { type: 'segment-end', index: 0, samples: 7680 },
      { type: 'segment-start', index: 1, text: 'Two.' },
      audio(chunk(1920)),
      { type: 'segment-end', index: 1, samples: 1920 },
      { type: 'done', segments: 2 },
    ]);
    const frames = await lastValueFrom(segmentFrames(events, 40, () => starts++).pipe(toArray()));
    expect(frames.map((f) => f.frame.samplesPerChannel)).toEqual(Array(10).fill(960));
    expect(frames.map((f) => f.final)).toEqual([...Array(9).fill(false), true]);
    expect(starts).toBe(2);
  });

  it('passes engine errors through', async () => {
    const failing = concat(
      of(audio(chunk(960))),
      throwError(() => new Error('worker crashed')),
    );
    await expect(lastValueFrom(segmentFrames(failing, 40, () => undefined))).rejects.toThrow('worker crashed');
  });
});

describe('toSynthesizedAudio', () => {
  it('wraps the frame as an rtc-node AudioFrame over the same tight buffer', () => {
    const frame = chunk(960, 7);
    const packet = toSynthesizedAudio({ frame, final: true }, 'request', 'segment');
    expect(packet.frame).toBeInstanceOf(AudioFrame);
    expect(packet.frame.data.buffer).toBe(frame.data.buffer);
    expect(packet).toMatchObject({ requestId: 'request', segmentId: 'segment', final: true });
    expect([packet.frame.sampleRate, packet.frame.channels, packet.frame.samplesPerChannel]).toEqual([24_000, 1, 960]);
  });
});
