import { fillNormal, mulberry32, streamSeed } from './prng.js';
import { elementCount, type WeightSource, type WeightSpec } from './weight-source.js';

/** The spread of RMSNorm gains around 1 (see `WeightInit`). */
const NORM_GAIN_STD = 0.05;

/**
 * Deterministic random weights: every tensor is drawn from its own mulberry32 stream seeded by
 * (seed, name), so the same seed gives byte-identical models and prefill and decode graphs get
 * the same weights although they ask separately.
 *
 * @example
 * ```ts
 * const w = new RandomWeights(7);
 * const q = w.tensor({ name: 'talker.model.layers.0.self_attn.q_proj.weight', shape: [64, 32], init: 'fan-in' });
 * ```
 */
export class RandomWeights implements WeightSource {
  readonly description: string;

  constructor(readonly seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`seed must be a uint32, got ${seed}`);
    this.description = `random(seed=${seed})`;
  }

  /** The tensor for `spec`, freshly drawn (callers that reuse a tensor keep it themselves). */
  tensor(spec: WeightSpec): Float32Array {
    const out = new Float32Array(elementCount(spec.shape));
    const next = mulberry32(streamSeed(this.seed, spec.name));
    const { init } = spec;
    if (init === 'norm') return fillNormal(out, next, NORM_GAIN_STD, 1);
    if (init === 'fan-in') return fillNormal(out, next, 1 / Math.sqrt(fanIn(spec.shape)));
    if ('std' in init) return fillNormal(out, next, init.std, init.mean ?? 0);
    return fillNormal(out, next, init.gain / Math.sqrt(fanIn(spec.shape)));
  }
}

/** PyTorch's fan-in: every dim but the first (`[out, in]`, `[out, in, kernel]`). */
function fanIn(shape: readonly number[]): number {
  return elementCount(shape.slice(1));
}
