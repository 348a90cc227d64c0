import { PcmFrame } from '../audio/pcm-frame.js';
import type { SpeechEvent } from '../speech/events.js';
import { ToneSpeech } from '../speech/tone-speech.js';
import fc from 'fast-check';
import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { SpeechTimeline } from './speech-timeline.js';

const RATE = 24_000;

function frame(samples: number): PcmFrame {
  return new PcmFrame(new Int16Array(samples), RATE);
}

/** The events of one whole segment: start, one audio event per chunk, end. */
function segment(index: number, text: string, chunks: readonly number[]): SpeechEvent[] {
  const samples = chunks.reduce((sum, n) => sum + n, 0);
  return [
    { type: 'segment-start', index, text },
    ...chunks.map((n): SpeechEvent => ({ type: 'audio', index, frame: frame(n) })),
    { type: 'segment-end', index, samples },
  ];
}

function timelineOf(...events: SpeechEvent[][]): SpeechTimeline {
  const timeline = new SpeechTimeline();
  for (const event of events.flat()) timeline.record(event);
  return timeline;
}

describe('SpeechTimeline', () => {
  it('reports nothing heard before any audio', () => {
    const timeline = new SpeechTimeline();
    expect(timeline.locate(0)).toEqual({
      samples: 0,
      ms: 0,
      segmentIndex: -1,
      charOffset: 0,
      fraction: 0,
      exact: true,
      text: '',
    });
  });

  it('maps samples inside one segment onto its characters, proportionally', () => {
    // 'Hello world.' = 12 characters over 1200 samples: 100 samples a character
    const timeline = timelineOf(segment(0, 'Hello world.', [600, 600]));
    expect(timeline.locate(0)).toMatchObject({ segmentIndex: 0, charOffset: 0, fraction: 0, text: '' });
    expect(timeline.locate(500)).toMatchObject({ segmentIndex: 0, charOffset: 5, text: 'Hello' });
    expect(timeline.locate(1049)).toMatchObject({ charOffset: 10, text: 'Hello', exact: true });
    expect(timeline.locate(1100)).toMatchObject({ charOffset: 11, text: 'Hello world.' });
    expect(timeline.locate(1200)).toMatchObject({ charOffset: 12, fraction: 1, ms: 50, text: 'Hello world.' });
  });

  it('hears the text a segment grew to while it was spoken (segment-text)', () => {
    const grown: SpeechEvent[] = [
      { type: 'segment-start', index: 0, text: 'Hello there' },
      { type: 'audio', index: 0, frame: frame(600) },
      { type: 'segment-text', index: 0, text: 'Hello there my friend.' },
      { type: 'audio', index: 0, frame: frame(600) },
      { type: 'segment-end', index: 0, samples: 1200 },
    ];
    const timeline = timelineOf(grown);
    expect(timeline.locate(1200)).toMatchObject({ charOffset: 22, text: 'Hello there my friend.' });
    expect(timeline.locate(800)).toMatchObject({ charOffset: 15, text: 'Hello there my' });
  });

  it('hears earlier segments in full and the current one in whole words', () => {
    const timeline = timelineOf(
      segment(0, 'Hi there.', [900]), // 100 samples a character
      segment(1, 'How are you?', [1200]),
    );
    expect(timeline.locate(900)).toMatchObject({ segmentIndex: 0, fraction: 1, text: 'Hi there.' });
    // one sample into segment 1: segment 0 heard in full, no word of segment 1 yet
    expect(timeline.locate(901)).toMatchObject({ segmentIndex: 1, charOffset: 0, text: 'Hi there.' });
    expect(timeline.locate(900 + 700)).toMatchObject({ segmentIndex: 1, charOffset: 7, text: 'Hi there. How are' });
    expect(timeline.locate(2100)).toMatchObject({ segmentIndex: 1, fraction: 1, text: 'Hi there. How are you?' });
  });

  it('clamps a position past the end, or below zero, to the audio that exists', () => {
    const timeline = timelineOf(segment(0, 'Bye.', [480]));
    expect(timeline.locate(10_000)).toMatchObject({ samples: 480, fraction: 1, text: 'Bye.' });
    expect(timeline.locate(-5)).toMatchObject({ samples: 0, text: '' });
    expect(timeline.locate(239.6).samples).toBe(240);
  });

  it('hears nothing at position 0, even when the first segment is a silent one', () => {
    // found by the property below: '“' alone makes no sound and has no audio
    const timeline = timelineOf(segment(0, '“', []), segment(1, 'a', [1]));
    expect(timeline.locate(0)).toMatchObject({ segmentIndex: 0, text: '' });
    expect(timeline.locate(1)).toMatchObject({ segmentIndex: 1, text: 'a' });
  });

  it('skips a segment that produced no audio: its text was never spoken', () => {
    const timeline = timelineOf(segment(0, 'One.', [400]), segment(1, 'Silent.', []), segment(2, 'Two.', [400]));
    expect(timeline.locate(400)).toMatchObject({ segmentIndex: 0, text: 'One.' });
    expect(timeline.locate(800)).toMatchObject({ segmentIndex: 2, text: 'One. Two.' });
  });

  it('estimates the length of a segment still being synthesized from the pace so far', () => {
    // segment 0: 10 characters in 1000 samples, so 100 samples a character
    const events = [...segment(0, 'Ten chars.', [1000]), { type: 'segment-start', index: 1, text: 'Twenty characters...' } as const];
    const timeline = timelineOf(events, [{ type: 'audio', index: 1, frame: frame(500) }]);
    // 20 characters at 100 samples each: an estimated 2000 samples, of which 500 are heard
    expect(timeline.locate(1500)).toMatchObject({ segmentIndex: 1, fraction: 0.25, charOffset: 5, exact: false });
    timeline.record({ type: 'audio', index: 1, frame: frame(500) });
    timeline.record({ type: 'segment-end', index: 1, samples: 1000 });
    expect(timeline.locate(1500)).toMatchObject({ segmentIndex: 1, fraction: 0.5, charOffset: 10, exact: true });
  });

  it('estimates the first segment from msPerCharacter until a segment has ended', () => {
    const timeline = new SpeechTimeline({ msPerCharacter: 50 }); // 1200 samples a character at 24 kHz
    timeline.record({ type: 'segment-start', index: 0, text: 'abcd efgh' });
    timeline.record({ type: 'audio', index: 0, frame: frame(2400) });
    // estimated 9 × 1200 = 10 800 samples
    expect(timeline.locate(2400)).toMatchObject({ fraction: 2400 / 10_800, charOffset: 2, exact: false, text: '' });
    // more audio than estimated: the estimate grows to what exists
    timeline.record({ type: 'audio', index: 0, frame: frame(9600) });
    expect(timeline.locate(12_000)).toMatchObject({ fraction: 1, text: 'abcd efgh', exact: false });
  });

  it('maps bare PCM frames to samples and time, with no text', () => {
    const timeline = new SpeechTimeline();
    timeline.record(frame(480));
    timeline.record(frame(480));
    expect(timeline.totalSamples).toBe(960);
    expect(timeline.locate(480)).toMatchObject({ samples: 480, ms: 20, segmentIndex: -1, text: '' });
  });

  it('ignores metrics and done events', () => {
    const timeline = timelineOf(segment(0, 'Ok.', [300]), [{ type: 'done', segments: 1 }]);
    expect(timeline.locate(300).text).toBe('Ok.');
  });

  it('follows a real ToneSpeech stream segment by segment', async () => {
    const tts = new ToneSpeech({ msPerCharacter: 50 });
    const events = await lastValueFrom(tts.synthesize('Hi there. How are you today?').pipe(toArray()));
    const timeline = timelineOf(events);
    const first = 9 * 50 * 24; // 'Hi there.' = 9 characters × 50 ms at 24 kHz
    expect(timeline.locate(first).text).toBe('Hi there.');
    // 'How are' = 7 characters into 'How are you today?'
    expect(timeline.locate(first + 7 * 50 * 24).text).toBe('Hi there. How are');
    expect(timeline.locate(timeline.totalSamples).text).toBe('Hi there. How are you today?');
  });

  it('only ever extends the heard text as the position grows (property)', () => {
    const segmentArb = fc.record({
      // words, spaces, punctuation, and Chinese (joined without spaces)
      text: fc.string({ unit: fc.constantFrom('a', 'b', '1', ' ', '.', ',', '“', '—', '你', '好', '。'), minLength: 1, maxLength: 30 }),
      chunks: fc.array(fc.integer({ min: 0, max: 2000 }), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(segmentArb, { maxLength: 6 }), fc.nat(20_000), fc.nat(20_000), (segments, a, b) => {
        const timeline = timelineOf(...segments.map((s, i) => segment(i, s.text, s.chunks)));
        const [low, high] = a <= b ? [a, b] : [b, a];
        const before = timeline.locate(low);
        const after = timeline.locate(high);
        expect(after.text.startsWith(before.text)).toBe(true);
        expect(after.samples).toBeGreaterThanOrEqual(before.samples);
        expect(after.segmentIndex).toBeGreaterThanOrEqual(before.segmentIndex);
        for (const position of [before, after]) {
          expect(position.fraction).toBeGreaterThanOrEqual(0);
          expect(position.fraction).toBeLessThanOrEqual(1);
          if (position.segmentIndex >= 0) {
            expect(position.charOffset).toBeLessThanOrEqual(segments[position.segmentIndex]!.text.length);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
