import { PcmFrame } from '@parley/core';
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, test } from 'vitest';
import { toMono, vadWindows } from './vad-windows.js';

describe('vadWindows', () => {
  test('48 kHz stereo in 10 ms chunks becomes 512-sample 16 kHz mono windows, the last padded', async () => {
    const chunks = Array.from({ length: 10 }, () => new PcmFrame(new Int16Array(480 * 2).fill(1000), 48_000, 2));
    const windows = await lastValueFrom(from(chunks).pipe(vadWindows(), toArray()));
    // 100 ms is 1,600 samples at 16 kHz: three whole windows and a padded fourth.
    expect(windows.map((w) => [w.sampleRate, w.channels, w.samplesPerChannel])).toEqual(Array(4).fill([16_000, 1, 512]));
    expect(windows[1]!.data[256]).toBeCloseTo(1000, -1);
    expect(windows[3]!.data.at(-1)).toBe(0);
  });

  test('toMono averages the channels and passes mono through', () => {
    const stereo = new PcmFrame(Int16Array.from([100, 300, -32768, -32768, 32767, -32768]), 16_000, 2);
    expect([...toMono(stereo).data]).toEqual([200, -32768, 0]);
    const mono = new PcmFrame(new Int16Array(4), 16_000);
    expect(toMono(mono)).toBe(mono);
  });
});
