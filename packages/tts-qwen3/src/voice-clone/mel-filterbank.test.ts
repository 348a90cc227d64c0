import { describe, expect, it } from 'vitest';
import { hzToMelSlaney, melBandEdgesHz, melToHzSlaney, slaneyMelFilterbank, SparseFilterbank } from './mel-filterbank.js';

const PARAMS = { sampleRate: 24_000, nFft: 1024, nMels: 128, fMin: 0, fMax: 12_000 };
const BINS = 513;
const HZ_PER_BIN = 24_000 / 1024;
const bank = slaneyMelFilterbank(PARAMS);
const row = (r: number) => bank.subarray(r * BINS, (r + 1) * BINS);
const sum = (values: ArrayLike<number>) => Array.from(values).reduce((a, b) => a + b, 0);

describe('the Slaney mel scale (librosa hz_to_mel / mel_to_hz, htk=False)', () => {
  it('is 3 mels per 200 Hz up to 1 kHz (15 mels), then 27 mels per factor 6.4', () => {
    expect(hzToMelSlaney(0)).toBe(0);
    expect(hzToMelSlaney(200)).toBeCloseTo(3, 12);
    expect(hzToMelSlaney(1000)).toBeCloseTo(15, 12);
    expect(hzToMelSlaney(6400)).toBeCloseTo(42, 12);
    expect(hzToMelSlaney(40_960)).toBeCloseTo(69, 12);
  });

  it('round-trips Hz → mel → Hz', () => {
    for (const hz of [0, 50, 999.9, 1000, 1000.1, 4321, 12_000]) expect(melToHzSlaney(hzToMelSlaney(hz))).toBeCloseTo(hz, 8);
  });

  it('spaces the 130 band edges evenly in mels from 0 to exactly 12 kHz', () => {
    const edges = melBandEdgesHz(130, 0, 12_000);
    expect([edges[0], edges[129]]).toEqual([0, 12_000]);
    const step = hzToMelSlaney(12_000) / 129;
    edges.forEach((hz, i) => expect(hzToMelSlaney(hz)).toBeCloseTo(i * step, 9));
  });
});

describe('slaneyMelFilterbank (librosa.filters.mel, norm="slaney")', () => {
  it('is [128, 513] and equals triangles recomputed in float64 from the definition', () => {
    expect(bank.length).toBe(128 * BINS);
    // Independent formulation: filter i peaks at edge i+1 with height 2/(edge[i+2] − edge[i])
    // and falls linearly to zero at its neighbours' peaks, in Hz.
    const f = (m: number) => (m < 15 ? (200 / 3) * m : 1000 * 6.4 ** ((m - 15) / 27));
    const mels = hzToMelSlaney(12_000);
    let worst = 0;
    for (let i = 0; i < 128; i++) {
      const [a, b, c] = [f((i * mels) / 129), f(((i + 1) * mels) / 129), f(((i + 2) * mels) / 129)];
      for (let k = 0; k < BINS; k++) {
        const hz = k * HZ_PER_BIN;
        const shape = hz <= a || hz >= c ? 0 : hz <= b ? (hz - a) / (b - a) : (c - hz) / (c - b);
        worst = Math.max(worst, Math.abs(row(i)[k]! - (2 / (c - a)) * shape));
      }
    }
    expect(worst).toBeLessThan(1e-8); // float32 rounding of values below 0.04
  });

  it("matches golden values of librosa's algorithm run in numpy (float32 result)", () => {
    // numpy 2.4, librosa 0.10's `filters.mel` re-typed (librosa itself is not installable here).
    expect([0, 1, 50, 100, 127].map((r) => sum(row(r)))).toEqual(
      [0.04211951047182083, 0.04211951047182083, 0.04473204165697098, 0.042644962668418884, 0.042641445994377136].map((v) =>
        expect.closeTo(v, 6),
      ),
    );
    const nonZero = [...row(10)].flatMap((w, k) => (w === 0 ? [] : [[k, w]]));
    expect(nonZero).toEqual([
      [12, Math.fround(0.02425544150173664)],
      [13, Math.fround(0.01786407083272934)],
    ]);
    expect(row(100).indexOf(Math.max(...row(100)))).toBe(239);
  });

  it('gives each wide triangle unit area in Hz (the Slaney norm), and nothing above 12 kHz', () => {
    // Sampling a triangle at the bin spacing approximates its area well once it spans many bins.
    const edges = melBandEdgesHz(130, 0, 12_000);
    const wide = Array.from({ length: 128 }, (_, i) => i).filter((i) => edges[i + 2]! - edges[i]! > 20 * HZ_PER_BIN);
    expect(wide.length).toBeGreaterThanOrEqual(10); // the top filters, 4.5–12 kHz
    for (const i of wide) expect(Math.abs(sum(row(i)) * HZ_PER_BIN - 1)).toBeLessThan(0.01);
    expect(row(127)[512]).toBe(0); // bin 512 is 12 kHz, the last filter's upper edge
  });
});

describe('SparseFilterbank', () => {
  it('applies the dense matrix exactly', () => {
    const sparse = new SparseFilterbank(bank, 128, BINS);
    const spectrum = Float64Array.from({ length: BINS }, (_, k) => Math.sin(k) + 1.5);
    const out = new Float64Array(128);
    sparse.apply(spectrum, out);
    for (let r = 0; r < 128; r++) expect(out[r]).toBeCloseTo(sum(Array.from(row(r), (w, k) => w * spectrum[k]!)), 12);
  });
});
