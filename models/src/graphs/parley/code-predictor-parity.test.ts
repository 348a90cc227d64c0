import type * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODEBOOK_SIZE, NUM_CODE_GROUPS } from '../../contract.js';
import { DEFAULT_STANDIN_SIZES } from '../../standin/sizes.js';
import { float32, floats, freshStandin, int64, maxAbsDiff, openGraph, randomFloats, removeTemporaryDirs } from '../../test-support/ort.js';
import { CapacityKv } from '../../test-support/capacity-kv.js';

// Issue 7 "Proof": the cached code predictor reproduces the community graph's full recompute.
const { hidden: H, cpLayers, cpKvHeads, cpHeadDim } = DEFAULT_STANDIN_SIZES;
const TOLERANCE = 1e-4;
const MAX_CONTEXT = NUM_CODE_GROUPS; // S = 2..16

const sessions: Record<string, ort.InferenceSession> = {};

beforeAll(async () => {
  const dir = await freshStandin({ layout: 'community+parley' });
  for (const name of ['code_predictor', 'parley_code_predictor_prefill', 'parley_code_predictor_step']) sessions[name] = await openGraph(dir, name);
});

afterAll(removeTemporaryDirs);

/** Community logits for the first `s` positions of `context`, at generation step s − 2. */
async function community(context: Float32Array, s: number): Promise<Float32Array> {
  const out = await sessions.code_predictor!.run({ inputs_embeds: float32(context.slice(0, s * H), [1, s, H]), generation_step: int64([s - 2], [1]) });
  return floats(out.logits);
}

/** Parley logits for every S = 2..16 of `context`: one prefill over 2 positions, then 14 steps. */
async function parley(context: Float32Array): Promise<Float32Array[]> {
  const cache = new CapacityKv(cpLayers, cpKvHeads, cpHeadDim, 4); // small capacity: exercises growth
  const first = await sessions.parley_code_predictor_prefill!.run({ inputs_embeds: float32(context.slice(0, 2 * H), [1, 2, H]) });
  cache.append(first, 'present_', 2);
  const logits = [floats(first.logits)];
  for (let s = 3; s <= MAX_CONTEXT; s++) {
    const input = float32(context.slice((s - 1) * H, s * H), [1, 1, H]);
    const step = await sessions.parley_code_predictor_step!.run({ inputs_embeds: input, generation_step: int64([s - 2], [1]), ...cache.feeds() });
    cache.append(step, 'new_', 1);
    logits.push(floats(step.logits));
  }
  return logits;
}

describe('parley_code_predictor_prefill / _step vs the community code_predictor', () => {
  it('gives the same logits at every step S = 2..16 for several random contexts', async () => {
    let worst = 0;
    for (const seed of [81, 82, 83, 84]) {
      const context = randomFloats(MAX_CONTEXT * H, seed);
      const cached = await parley(context);
      for (let s = 2; s <= MAX_CONTEXT; s++) worst = Math.max(worst, maxAbsDiff(await community(context, s), cached[s - 2]!));
    }
    console.log(`code predictor parity, S = 2..16, 4 contexts: max |Δ| logits ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(TOLERANCE);
  });

  it('step logits depend on generation_step (the lm_head is selected in the graph) and on the cache', async () => {
    const context = randomFloats(3 * H, 85);
    const cache = new CapacityKv(cpLayers, cpKvHeads, cpHeadDim);
    cache.append(await sessions.parley_code_predictor_prefill!.run({ inputs_embeds: float32(context.slice(0, 2 * H), [1, 2, H]) }), 'present_', 2);
    const input = float32(context.slice(2 * H), [1, 1, H]);
    const run = (step: number, feeds = cache.feeds()) => sessions.parley_code_predictor_step!.run({ inputs_embeds: input, generation_step: int64([step], [1]), ...feeds });
    const [one, two] = [floats((await run(1)).logits), floats((await run(2)).logits)];
    expect(maxAbsDiff(one, two)).toBeGreaterThan(1e-2);
    const other = new CapacityKv(cpLayers, cpKvHeads, cpHeadDim);
    other.append(await sessions.parley_code_predictor_prefill!.run({ inputs_embeds: float32(randomFloats(2 * H, 86), [1, 2, H]) }), 'present_', 2);
    expect(maxAbsDiff(one, floats((await run(1, other.feeds())).logits))).toBeGreaterThan(1e-2);
  });

  it('prefill returns logits [1,2048] and presents [kvH,2,hd]; a step returns only [kvH,1,hd]', async () => {
    const first = await sessions.parley_code_predictor_prefill!.run({ inputs_embeds: float32(randomFloats(2 * H, 87), [1, 2, H]) });
    expect(first.logits!.dims).toEqual([1, CODEBOOK_SIZE]);
    for (let i = 0; i < cpLayers; i++) expect(first[`present_key_${i}`]!.dims).toEqual([cpKvHeads, 2, cpHeadDim]);
    const cache = new CapacityKv(cpLayers, cpKvHeads, cpHeadDim);
    cache.append(first, 'present_', 2);
    const step = await sessions.parley_code_predictor_step!.run({ inputs_embeds: float32(randomFloats(H, 88), [1, 1, H]), generation_step: int64([1], [1]), ...cache.feeds() });
    expect(step.logits!.dims).toEqual([1, CODEBOOK_SIZE]);
    for (let i = 0; i < cpLayers; i++) expect(step[`new_value_${i}`]!.dims).toEqual([cpKvHeads, 1, cpHeadDim]);
  });
});
