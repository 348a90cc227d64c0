import { describe, expect, it } from 'vitest';
import { RandomWeights } from './random-weights.js';
import type { WeightSpec } from './weight-source.js';

const linearSpec: WeightSpec = { name: 'talker.model.layers.0.self_attn.q_proj.weight', shape: [64, 256], init: 'fan-in' };
const stats = (data: Float32Array) => {
  const mean = data.reduce((a, b) => a + b, 0) / data.length;
  return { mean, std: Math.sqrt(data.reduce((a, b) => a + (b - mean) ** 2, 0) / data.length) };
};

describe('RandomWeights', () => {
  it('gives the same tensor for the same seed and name, whatever was asked before', () => {
    const a = new RandomWeights(5);
    const b = new RandomWeights(5);
    b.tensor({ name: 'something.else', shape: [100], init: 'norm' });
    expect(a.tensor(linearSpec)).toEqual(b.tensor(linearSpec));
  });

  it('gives different tensors for different seeds and for different names', () => {
    const w = new RandomWeights(5);
    expect(w.tensor(linearSpec)).not.toEqual(new RandomWeights(6).tensor(linearSpec));
    expect(w.tensor(linearSpec)).not.toEqual(w.tensor({ ...linearSpec, name: 'talker.model.layers.1.self_attn.q_proj.weight' }));
  });

  it('scales fan-in weights by 1/sqrt(fan_in), so activations keep their scale through a layer', () => {
    const { mean, std } = stats(new RandomWeights(1).tensor(linearSpec));
    expect(Math.abs(mean)).toBeLessThan(0.005);
    expect(std).toBeGreaterThan(0.95 / 16);
    expect(std).toBeLessThan(1.05 / 16);
  });

  it('draws RMSNorm gains near 1 and explicit-std tensors at that std', () => {
    const norm = stats(new RandomWeights(1).tensor({ name: 'n', shape: [4096], init: 'norm' }));
    expect(norm.mean).toBeCloseTo(1, 2);
    expect(norm.std).toBeCloseTo(0.05, 2);
    expect(stats(new RandomWeights(1).tensor({ name: 'e', shape: [1 << 16], init: { std: 0.25 } })).std).toBeCloseTo(0.25, 2);
  });

  it('rejects seeds that are not uint32', () => {
    expect(() => new RandomWeights(-1)).toThrow(/uint32/);
    expect(() => new RandomWeights(1.5)).toThrow(/uint32/);
  });
});
