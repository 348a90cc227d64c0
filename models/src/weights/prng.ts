/**
 * mulberry32: a tiny 32-bit PRNG with a full 2^32 period — plenty for test weights, and
 * trivially reproducible in any language. Returns a function giving uint32 values.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** FNV-1a over a string's UTF-16 code units: a stable 32-bit hash for naming streams. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A seed for the stream of one named tensor. Each tensor gets its own stream, so its values
 * depend only on (seed, name) — not on which graph asked first or what else was generated.
 */
export function streamSeed(seed: number, name: string): number {
  // One round of a murmur3-style finalizer so nearby seeds give unrelated streams.
  let h = (fnv1a32(name) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const TWO_POW_32 = 4294967296;

/**
 * Fills `out` with `mean + std·N(0,1)` draws (Box–Muller, both values of each pair used) from
 * `next`, a uint32 generator such as {@link mulberry32}.
 */
export function fillNormal(out: Float32Array, next: () => number, std: number, mean = 0): Float32Array {
  for (let i = 0; i < out.length; i += 2) {
    const u1 = (next() + 0.5) / TWO_POW_32; // never 0, so the log is finite
    const u2 = next() / TWO_POW_32;
    const r = Math.sqrt(-2 * Math.log(u1)) * std;
    const a = 2 * Math.PI * u2;
    out[i] = mean + r * Math.cos(a);
    if (i + 1 < out.length) out[i + 1] = mean + r * Math.sin(a);
  }
  return out;
}
