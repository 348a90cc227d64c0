import { describe, expect, it } from 'vitest';
import { CodeSampler, DEFAULT_SAMPLING, type FirstCodeParams, type SamplingParams } from './code-sampler.js';
import { Prng } from './prng.js';
import {
  applyRepetitionPenalty,
  applyTemperature,
  applyTopK,
  applyTopP,
  argmax,
  maskToken,
  sampleFromLogits,
  suppressFrom,
} from './logits-processors.js';

const EOS = 2150;
const ids = { eos: EOS, codebook: 2048 };
const GREEDY: FirstCodeParams = { ...DEFAULT_SAMPLING, doSample: false };
const sampler = (first: FirstCodeParams = GREEDY, sub: SamplingParams = GREEDY, seed = 1) =>
  new CodeSampler(first, sub, ids, new Prng(seed));
/** Talker logits (3072) with the given ids raised to the given values, the rest at 0. */
function talkerLogits(values: Record<number, number>): Float32Array {
  const logits = new Float32Array(3072);
  for (const [id, value] of Object.entries(values)) logits[Number(id)] = value;
  return logits;
}

describe('CodeSampler', () => {
  it('masks EOS for the first two frames only (min_new_tokens = 2)', () => {
    const s = sampler();
    const eosFirst = talkerLogits({ [EOS]: 10, 7: 5 });
    expect(s.sampleFirst(eosFirst, 0)).toBe(7);
    expect(s.sampleFirst(eosFirst, 1)).toBe(7);
    expect(s.sampleFirst(eosFirst, 2)).toBe(EOS);
  });

  it('suppresses codec specials 2048–3071 but never EOS', () => {
    const s = sampler();
    expect(s.sampleFirst(talkerLogits({ 3061: 50, 2149: 40, 9: 1 }), 5)).toBe(9);
    expect(s.sampleFirst(talkerLogits({ 3061: 50, [EOS]: 40, 9: 1 }), 5)).toBe(EOS);
  });

  it('penalises the distinct codes 0 generated so far before choosing (penalty runs first)', () => {
    const s = sampler();
    const logits = talkerLogits({ 1: 2.0, 2: 1.95 });
    expect(s.sampleFirst(logits, 0)).toBe(1); // no history yet
    expect(s.sampleFirst(logits, 1)).toBe(2); // 2.0 / 1.05 < 1.95
    expect(s.sampleFirst(talkerLogits({ 1: 2.0, 3: 1.95 }), 2)).toBe(3); // 1 still penalised, once
  });

  it('applies no penalty, EOS mask or suppression to the sub-codes', () => {
    const s = sampler();
    s.sampleFirst(talkerLogits({ 5: 1 }), 0);
    const sub = new Float32Array(2048);
    sub[5] = 1;
    expect(s.sampleSub(sub, 1)).toBe(5);
  });

  it('applies temperature, then top-k, then draws: with top-k 1 sampling is the argmax', () => {
    const s = sampler({ ...DEFAULT_SAMPLING, topK: 1 }, { ...DEFAULT_SAMPLING, topK: 1 });
    for (let frame = 0; frame < 20; frame++)
      expect(
        s.sampleSub(
          Float32Array.from({ length: 2048 }, (_, i) => (i === 77 ? 1 : 0)),
          1,
        ),
      ).toBe(77);
  });

  it('temperature 0 is greedy even when sampling is on', () => {
    const s = sampler({ ...DEFAULT_SAMPLING, temperature: 0 }, { ...DEFAULT_SAMPLING, temperature: 0 });
    expect(s.sampleFirst(talkerLogits({ 4: 1, 5: 0.99 }), 0)).toBe(4);
  });

  it('draws with the softmax probabilities at temperature 1', () => {
    const s = sampler({ ...DEFAULT_SAMPLING, temperature: 1 }, { ...DEFAULT_SAMPLING, temperature: 1, topK: 0 }, 9);
    const logits = new Float32Array(2048).fill(-Infinity);
    [0.1, 0.2, 0.7].forEach((p, i) => (logits[i] = Math.log(p)));
    const counts = [0, 0, 0];
    for (let i = 0; i < 20_000; i++) counts[s.sampleSub(logits, 1)]!++;
    expect(counts.map((c) => c / 20_000).map((f, i) => Math.abs(f - [0.1, 0.2, 0.7][i]!) < 0.015)).toEqual([true, true, true]);
  });

  it('the same seed draws the same codes; another seed draws others', () => {
    const draw = (seed: number) => {
      const s = sampler(DEFAULT_SAMPLING, DEFAULT_SAMPLING, seed);
      const logits = Float32Array.from({ length: 2048 }, (_, i) => Math.sin(i));
      return Array.from({ length: 50 }, () => s.sampleSub(logits, 1));
    };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
  });

  // Codes drawn by the sampler as it was before the one-pass draw (processors run in place over a
  // copied row), for these logits and seeds: the fused draw must give exactly these.
  const PINNED = [
    [
      1376, 926, 843, 1396, 712, 263, 623, 1379, 601, 965, 1125, 148, 1227, 150, 441, 1455, 547, 1427, 1462, 38, 996, 1063, 847, 1811, 565,
      442, 877, 584, 839, 2041, 1326, 246, 1456, 1274, 1292, 1469, 1616, 761, 1949, 1429, 733, 668, 65, 672, 998, 1611, 1697, 1850, 600,
      1678, 429, 1177, 319, 40, 511, 951, 843, 1153, 1153, 702, 583, 908, 1615, 1956,
    ],
    [
      1418, 970, 768, 1455, 712, 272, 614, 1340, 665, 1077, 1185, 120, 1103, 78, 441, 1523, 622, 1359, 1428, 77, 928, 1103, 573, 1778, 311,
      462, 877, 574, 972, 2041, 1379, 254, 1459, 1163, 1292, 1497, 1680, 742, 1915, 1604, 659, 498, 138, 615, 1003, 1636, 1664, 1951, 600,
      1622, 437, 1237, 322, 40, 354, 1065, 775, 1112, 1093, 884, 572, 880, 1562, 1881,
    ],
    [
      1974, 989, 843, 1048, 891, 263, 456, 1669, 457, 1523, 1018, 6, 1669, 184, 489, 1085, 1151, 1728, 1609, 267, 282, 1614, 498, 1415, 642,
      266, 974, 526, 1615, 1880, 1053, 574, 782, 1024, 1058, 1386, 1344, 516, 1949, 1578, 733, 635, 38, 244, 660, 1756, 1664, 1592, 1567,
      992, 223, 1412, 140, 498, 526, 1056, 370, 524, 1398, 101, 785, 1375, 1013, 2023,
    ],
    [
      0, 982, 843, 57, 255, 1296, 930, 414, 620, 448, 1056, 148, 1703, 890, 722, 757, 547, 1483, 810, 267, 8, 142, 454, 221, 570, 565, 242,
      164, 1517, 521, 672, 1392, 266, 443, 908, 649, 740, 1034, 488, 383, 27, 635, 1446, 234, 657, 1033, 152, 555, 1239, 244, 147, 1983,
      1001, 498, 526, 718, 358, 1194, 301, 62, 785, 1043, 409, 340,
    ],
  ];
  const PIN_CASES: [FirstCodeParams, SamplingParams][] = [
    [DEFAULT_SAMPLING, DEFAULT_SAMPLING],
    [
      { ...DEFAULT_SAMPLING, topP: 0.8 },
      { ...DEFAULT_SAMPLING, topP: 0.9, topK: 0 },
    ],
    [
      { ...DEFAULT_SAMPLING, topK: 3, temperature: 1.3 },
      { ...DEFAULT_SAMPLING, topK: 5, temperature: 0.7 },
    ],
    [
      { ...DEFAULT_SAMPLING, doSample: false },
      { ...DEFAULT_SAMPLING, temperature: 0 },
    ],
  ];

  it('draws the pinned codes of the previous implementation for a fixed seed (defaults, top-p, temperature, greedy)', () => {
    PIN_CASES.forEach(([first, sub], index) => {
      const values = new Prng(99); // quantised logits: ties at the top-k threshold are common
      const s = new CodeSampler(first, sub, ids, new Prng(11));
      const codes: number[] = [];
      for (let frame = 0; frame < 4; frame++) {
        const talker = Float32Array.from({ length: 3072 }, () => Math.round(values.nextFloat() * 640) / 64);
        [talker[EOS], talker[3000], talker[codes[0] ?? 0]] = [9.5, 20, 10];
        codes.push(s.sampleFirst(talker, frame));
        for (let g = 1; g < 16; g++)
          codes.push(
            s.sampleSub(
              Float32Array.from({ length: 2048 }, () => Math.round(values.nextFloat() * 512) / 64 - 2),
              g,
            ),
          );
      }
      expect(codes).toEqual(PINNED[index]);
    });
  });

  it('draws what the in-place reference processors draw, over random rows and parameters', () => {
    const reference = (first: FirstCodeParams, prng: Prng) => {
      const history = new Set<number>();
      return (logits: Float32Array, frame: number | undefined, params: SamplingParams) => {
        const row = logits.slice();
        if (frame !== undefined) {
          applyRepetitionPenalty(row, history, first.repetitionPenalty);
          if (frame < 2) maskToken(row, EOS);
          suppressFrom(row, 2048, EOS);
        }
        let code: number;
        if (!params.doSample || params.temperature === 0) code = argmax(row);
        else {
          applyTemperature(row, params.temperature);
          applyTopK(row, params.topK);
          applyTopP(row, params.topP);
          code = sampleFromLogits(row, prng.nextFloat());
        }
        if (frame !== undefined && code !== EOS) history.add(code);
        return code;
      };
    };
    const values = new Prng(5);
    for (let trial = 0; trial < 40; trial++) {
      const params: FirstCodeParams = {
        doSample: trial % 10 !== 9,
        temperature: [0.9, 1, 0.5, 1.7][trial % 4]!,
        topK: [50, 0, 1, 7, 2049, 3072][trial % 6]!,
        topP: [1, 0.9, 0.3][trial % 3]!,
        repetitionPenalty: [1.05, 1, 1.3][trial % 3]!,
      };
      const fused = new CodeSampler(params, params, ids, new Prng(trial));
      const draw = reference(params, new Prng(trial));
      const scale = 1 + (trial % 5) * 4;
      for (let frame = 0; frame < 6; frame++) {
        const talker = Float32Array.from({ length: 3072 }, () => Math.round((values.nextFloat() - 0.3) * scale * 32) / 32);
        if (trial % 4 === 0) talker[EOS] = scale * 2;
        expect(fused.sampleFirst(talker, frame)).toBe(draw(talker, frame, params));
        const sub = Float32Array.from({ length: 2048 }, () => (values.nextFloat() - 0.5) * scale);
        expect(fused.sampleSub(sub, 1)).toBe(draw(sub, undefined, params));
      }
    }
  });
});
