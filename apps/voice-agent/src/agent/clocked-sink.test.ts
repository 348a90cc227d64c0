import { PcmFrame } from '@parley/core';
import { describe, expect, test } from 'vitest';
import { ClockedSink } from './clocked-sink.js';

const frame = (samples: number) => new PcmFrame(new Int16Array(samples), 1_000);

describe('ClockedSink', () => {
  test('plays in real time on its clock, from the moment audio arrives at an idle sink', () => {
    let now = 0;
    const sink = new ClockedSink(1_000, () => now);
    now = 500; // idle time is not playing time
    sink.write(frame(300));
    now = 600;
    expect([sink.playedSamples, sink.queuedSamples]).toEqual([100, 200]);
    now = 2_000;
    expect([sink.playedSamples, sink.queuedSamples]).toEqual([300, 0]);
  });

  test('clear drops the queue: played freezes, the playhead skips the dropped samples', () => {
    let now = 0;
    const sink = new ClockedSink(1_000, () => now);
    sink.write(frame(1_000));
    now = 250;
    sink.clear();
    now = 900;
    expect([sink.playedSamples, sink.playheadSamples, sink.pushedSamples, sink.queuedSamples]).toEqual([250, 1_000, 1_000, 0]);
    sink.write(frame(100));
    now = 950;
    expect([sink.playedSamples, sink.playheadSamples]).toEqual([300, 1_050]);
    expect(sink.clears).toEqual([250]);
    expect(sink.samplesWrittenAfter(250)).toBe(100);
  });
});
