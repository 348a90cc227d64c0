/**
 * The logits processors of Hugging Face `generate`, as the official Qwen3-TTS generation runs
 * them (docs/model.md#sampling). Each works in place on one row of logits; a removed
 * token becomes −Infinity, as HF's `filter_value`.
 */

/**
 * HF `RepetitionPenaltyLogitsProcessor`: for each distinct id in `history`, a positive logit is
 * divided by `penalty` and a negative one multiplied by it. Distinct: an id generated five times
 * is penalised once (HF gathers and scatters by id).
 */
export function applyRepetitionPenalty(logits: Float32Array, history: Iterable<number>, penalty: number): void {
  if (penalty === 1) return;
  for (const id of new Set(history)) {
    const value = logits[id];
    if (value === undefined) continue;
    logits[id] = value < 0 ? value * penalty : value / penalty;
  }
}

/** Removes one token (HF `MinNewTokensLengthLogitsProcessor` does this to EOS early on). */
export function maskToken(logits: Float32Array, id: number): void {
  if (id >= 0 && id < logits.length) logits[id] = -Infinity;
}

/** HF `SuppressTokensLogitsProcessor` over ids `from`..end, all but `except` (for code 0: 2048–3071 but EOS). */
export function suppressFrom(logits: Float32Array, from: number, except: number): void {
  for (let id = from; id < logits.length; id++) if (id !== except) logits[id] = -Infinity;
}

/** HF `TemperatureLogitsWarper`: divides by `temperature` (> 0). */
export function applyTemperature(logits: Float32Array, temperature: number): void {
  if (temperature === 1) return;
  for (let i = 0; i < logits.length; i++) logits[i] = logits[i]! / temperature;
}

/**
 * HF `TopKLogitsWarper`: removes every logit below the k-th largest (ties with it stay).
 * k ≤ 0 disables it, as HF adds no warper for top_k 0.
 */
export function applyTopK(logits: Float32Array, k: number): void {
  if (k <= 0 || k >= logits.length) return;
  const threshold = kthLargest(logits, k);
  for (let i = 0; i < logits.length; i++) if (logits[i]! < threshold) logits[i] = -Infinity;
}

/**
 * The k-th largest value, counting repeats, in one pass over a small ascending buffer: for
 * k = 50 of 2048–3072 logits most values fail the first comparison, which is several times
 * cheaper than sorting a copy 16 times a frame.
 */
export function kthLargest(values: Float32Array, k: number): number {
  const top = new Float64Array(k).fill(-Infinity); // ascending; top[0] is the k-th largest so far
  for (const value of values) {
    if (!(value > top[0]!)) continue; // an equal value would leave the k-th largest unchanged
    let i = 0;
    for (; i + 1 < k && top[i + 1]! < value; i++) top[i] = top[i + 1]!;
    top[i] = value;
  }
  return top[0]!;
}

/**
 * HF `TopPLogitsWarper`: sorts ascending, removes the tokens whose cumulative probability is
 * ≤ 1 − p, always keeping the most likely one. p ≥ 1 disables it (HF adds no warper then).
 */
export function applyTopP(logits: Float32Array, p: number): void {
  if (p >= 1) return;
  const order = Array.from(logits.keys()).sort((a, b) => logits[a]! - logits[b]! || a - b);
  const probabilities = softmax(logits);
  let cumulative = 0;
  for (let rank = 0; rank < order.length - 1; rank++) {
    const id = order[rank]!;
    cumulative += probabilities[id]!;
    if (cumulative > 1 - p) break;
    logits[id] = -Infinity;
  }
}

/** Softmax over the finite logits (−Infinity gets 0). */
export function softmax(logits: Float32Array): Float64Array {
  let max = -Infinity;
  for (const value of logits) if (value > max) max = value;
  const out = new Float64Array(logits.length);
  if (max === -Infinity) return out;
  let sum = 0;
  // After top-k nearly every logit is −Infinity: skipping them (exp would give exactly 0, and
  // adding 0 changes no sum) saves ~2,000 Math.exp calls per code, the bulk of sampling time.
  for (let i = 0; i < logits.length; i++) if (logits[i] !== -Infinity) sum += out[i] = Math.exp(logits[i]! - max);
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / sum;
  return out;
}

/**
 * Draws an id from softmax(logits) with `uniform` in [0, 1), summing in id order so that the
 * same logits and draw always give the same id. It works on the finite logits only: after
 * top-k that is ~50 of 2048, and the removed ones have probability exactly 0, so the sums, the
 * probabilities and the id are those of a softmax over the whole row, at a fraction of the passes.
 * @throws Error when every logit was removed.
 */
export function sampleFromLogits(logits: Float32Array, uniform: number): number {
  const ids: number[] = [];
  let max = -Infinity;
  for (let id = 0; id < logits.length; id++) {
    const value = logits[id]!;
    if (value === -Infinity) continue;
    ids.push(id);
    if (value > max) max = value;
  }
  const exps = new Float64Array(ids.length);
  let sum = 0;
  for (let j = 0; j < ids.length; j++) sum += exps[j] = Math.exp(logits[ids[j]!]! - max);
  let last = -1;
  let cumulative = 0;
  for (let j = 0; j < ids.length; j++) {
    const probability = exps[j]! / sum;
    if (probability === 0) continue;
    last = ids[j]!;
    cumulative += probability;
    if (uniform < cumulative) return last;
  }
  if (last < 0) throw new Error('every token was removed; nothing to sample');
  return last; // rounding left the cumulative sum a hair under `uniform`
}

/** The first id of the largest logit (greedy decoding; torch.argmax takes the first maximum). */
export function argmax(logits: Float32Array): number {
  let best = 0;
  for (let id = 1; id < logits.length; id++) if (logits[id]! > logits[best]!) best = id;
  return best;
}
