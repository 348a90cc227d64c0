import { describe, expect, it } from 'vitest';
import { CodeSampler, DEFAULT_SAMPLING, type FirstCodeParams, type SamplingParams } from './code-sampler.js';
import { Prng } from './prng.js';

const EOS = 2150;
const ids = { eos: EOS, codebook: 2048 };
const GREEDY: FirstCodeParams = { ...DEFAULT_SAMPLING, doSample: false };
const sampler = (first: FirstCodeParams = GREEDY, sub: SamplingParams = GREEDY, seed = 1) => new CodeSampler(first, sub, ids, new Prng(seed));
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
    for (let frame = 0; frame < 20; frame++) expect(s.sampleSub(Float32Array.from({ length: 2048 }, (_, i) => (i === 77 ? 1 : 0)), 1)).toBe(77);
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
});
