/**
 * A seeded PRNG: the same seed gives the same codes and audio (a request's `seed`). sfc32, a
 * small fast generator with a 128-bit state that passes PractRand, seeded through splitmix32
 * from both 32-bit halves of the seed so that every safe integer is a distinct seed.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    const low = seed >>> 0;
    const high = Math.floor(seed / 2 ** 32) >>> 0;
    let state = splitmix32(low ^ splitmix32(high));
    const next = () => (state = splitmix32(state));
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextUint32(); // let the seeding settle
  }

  /** The next uint32. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1) with 53 random bits. */
  nextFloat(): number {
    return ((this.nextUint32() >>> 5) * 67_108_864 + (this.nextUint32() >>> 6)) / 9_007_199_254_740_992;
  }
}

/** One splitmix32 step: a strong 32-bit mix, used to spread a seed over the state. */
function splitmix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seed for segment `index` of a stream seeded with `seed`: segments differ, runs repeat. */
export function segmentSeed(seed: number, index: number): number {
  return splitmix32(splitmix32(seed >>> 0) ^ Math.floor(seed / 2 ** 32) ^ splitmix32(index));
}
