import { describe, expect, it } from 'vitest';
import { logMelSpectrogram, melFrameCount, SPEAKER_MEL } from './log-mel.js';
import { hzToMelSlaney, melBandEdgesHz } from './mel-filterbank.js';
import { periodicHann, reflectPad, StftMagnitude } from './stft.js';

const SR = 24_000;
const sine = (hz: number, n: number, amplitude = 0.5) =>
  Float32Array.from({ length: n }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / SR));

/** The golden signal: 440 Hz and 3 kHz sines for 4000 samples, then 2000 samples of silence. */
function goldenSignal(): Float32Array {
  return Float32Array.from({ length: 6000 }, (_, n) =>
    n >= 4000 ? 0 : 0.5 * Math.sin((2 * Math.PI * 440 * n) / SR) + 0.25 * Math.sin((2 * Math.PI * 3000 * n) / SR + 0.3),
  );
}

describe('STFT pieces', () => {
  it('reflect-pads like torch: [1,2,3,4,5] by 2 is [3,2,1,2,3,4,5,4,3]', () => {
    expect(Array.from(reflectPad(Float32Array.of(1, 2, 3, 4, 5), 2))).toEqual([3, 2, 1, 2, 3, 4, 5, 4, 3]);
    expect(() => reflectPad(Float32Array.of(1, 2), 2)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('uses the periodic Hann window (torch.hann_window default): w[0] = 0, w[N/2] = 1, Σw = N/2', () => {
    const w = periodicHann(1024);
    expect([w[0], w[512]]).toEqual([0, 1]);
    expect(w[1]).toBeCloseTo(w[1023]!, 15);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(512, 9);
  });

  it('keeps Parseval: |X0|² + 2Σ|Xk|² + |X_N/2|² = N·Σ(w·x)² (minus the 1e-9 in each magnitude)', () => {
    const window = periodicHann(1024);
    const stft = new StftMagnitude(window);
    const x = Float32Array.from({ length: 1024 }, (_, n) => Math.sin(n * 0.37) * 0.3 + Math.cos(n * 1.9) * 0.2 + ((n * 7919) % 13) / 100);
    const magnitudes = new Float64Array(513);
    stft.frameMagnitudes(x, 0, magnitudes);
    const power = magnitudes.reduce((acc, m, k) => acc + (k === 0 || k === 512 ? 1 : 2) * (m * m - 1e-9), 0);
    const energy = x.reduce((acc, v, n) => acc + (v * window[n]!) ** 2, 0);
    expect(power / (1024 * energy)).toBeCloseTo(1, 10);
  });
});

describe('logMelSpectrogram (docs/model.md#log-mel-front-end)', () => {
  it('has T = 1 + ⌊(n + 2·384 − 1024)/256⌋ frames of 128 mels', () => {
    expect([385, 1000, 24_000, 24_001, 720_000].map(melFrameCount)).toEqual([1, 3, 93, 93, 2812]);
    for (const n of [385, 1000, 24_001]) {
      const mel = logMelSpectrogram(sine(440, n));
      expect([mel.frames, mel.mels, mel.data.length]).toEqual([melFrameCount(n), 128, melFrameCount(n) * 128]);
    }
    expect(() => logMelSpectrogram(new Float32Array(384))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it("matches golden values computed independently with numpy (float64 rfft, librosa's filterbank)", () => {
    const mel = logMelSpectrogram(goldenSignal());
    expect(mel.frames).toBe(23);
    const at = (t: number) => [0, 5, 17, 40, 64, 90, 127].map((b) => mel.data[t * 128 + b]!);
    const golden: Record<number, number[]> = {
      0: [-1.096074, -0.970045, 0.933796, -3.326077, -3.634393, -3.619726, -5.368569],
      1: [-2.869729, -2.748397, 0.306512, -5.082554, -5.391943, -5.382538, -7.131345],
      11: [-9.328484, -7.443965, 0.214529, -9.813455, -11.512925, -11.512925, -11.512925],
      15: [-2.683841, -2.267382, 0.547814, -2.499964, -3.053561, -3.904205, -4.718145],
      16: [-3.080118, -2.717187, -0.517614, -3.010045, -3.573271, -4.420884, -5.226901],
      22: Array(7).fill(-11.512925),
    };
    for (const [t, values] of Object.entries(golden)) expect(at(Number(t))).toEqual(values.map((v) => expect.closeTo(v, 4)));
    const frameSums = [
      -400.5922, -614.96636, -1221.39007, -1220.44145, -1220.39991, -1221.03561, -1221.4712, -1221.17002, -1220.34967, -1220.35802,
      -1221.33114, -1221.15329, -1220.82418, -1220.54209, -477.78363, -368.17194, -436.87483, -1006.51272, -1473.65446, -1473.65446,
      -1473.65446, -1473.65446, -1473.65446,
    ];
    frameSums.forEach((s, t) => expect(mel.data.subarray(t * 128, (t + 1) * 128).reduce((a, b) => a + b, 0)).toBeCloseTo(s, 2));
  });

  it("peaks in the mel bin whose band holds a pure sine's frequency", () => {
    const edges = melBandEdgesHz(130, 0, SPEAKER_MEL.fMax);
    for (const hz of [300, 1000, 2500, 7000]) {
      const mel = logMelSpectrogram(sine(hz, SR));
      const frame = mel.data.subarray(40 * 128, 41 * 128); // a steady frame, away from the padded edges
      const peak = frame.indexOf(Math.max(...frame));
      expect(edges[peak]! < hz && hz < edges[peak + 2]!).toBe(true); // within filter `peak`'s triangle
      const nearest = Math.round(hzToMelSlaney(hz) / (hzToMelSlaney(12_000) / 129)) - 1;
      expect(Math.abs(peak - nearest)).toBeLessThanOrEqual(1);
    }
  });

  it('gives log(1e-5) for silence: the clamp, not log(0)', () => {
    const mel = logMelSpectrogram(new Float32Array(SR));
    expect(mel.data.every((v) => Math.abs(v - Math.log(1e-5)) < 1e-6)).toBe(true);
  });

  it('scales with the signal as a log should: twice the amplitude adds log 2 where the clamp is far', () => {
    const [quiet, loud] = [logMelSpectrogram(sine(1000, SR, 0.2)), logMelSpectrogram(sine(1000, SR, 0.4))];
    const peak = quiet.data.subarray(40 * 128, 41 * 128).reduce((best, v, i, all) => (v > all[best]! ? i : best), 0);
    expect(loud.data[40 * 128 + peak]! - quiet.data[40 * 128 + peak]!).toBeCloseTo(Math.LN2, 5);
  });
});
