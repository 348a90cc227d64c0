import { PcmFrame } from '../audio/pcm-frame.js';
import { describe, expect, test } from 'vitest';
import { ClockedOutput } from './clocked-output.js';

const frame = (samples: number) => new PcmFrame(new Int16Array(samples), 1_000);

describe('ClockedOutput', () => {
  test('plays in real time on its clock, from the moment audio arrives at an idle output', () => {
    let now = 0;
    const output = new ClockedOutput(1_000, () => now);
    now = 500; // idle time is not playing time
    output.write(frame(300));
    now = 600;
    expect([output.playedSamples, output.queuedSamples]).toEqual([100, 200]);
    now = 2_000;
    expect([output.playedSamples, output.queuedSamples]).toEqual([300, 0]);
  });

  test('clear drops the queue: played freezes, the playhead skips the dropped samples', () => {
    let now = 0;
    const output = new ClockedOutput(1_000, () => now);
    output.write(frame(1_000));
    now = 250;
    output.clear();
    now = 900;
    expect([output.playedSamples, output.playheadSamples, output.pushedSamples, output.queuedSamples]).toEqual([250, 1_000, 1_000, 0]);
    output.write(frame(100));
    now = 950;
    expect([output.playedSamples, output.playheadSamples]).toEqual([300, 1_050]);
    expect(output.clears).toEqual([250]);
    expect(output.samplesWrittenAfter(250)).toBe(100);
  });
});
