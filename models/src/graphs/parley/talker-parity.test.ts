import type * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODEC_VOCAB_SIZE } from '../../contract.js';
import { DEFAULT_STANDIN_SIZES } from '../../standin/sizes.js';
import { float32, floats, freshStandin, int64, maxAbsDiff, openGraph, pastFromPresents, randomFloats, removeTemporaryDirs, tail } from '../../test-support/ort.js';
import { CapacityKv } from '../../test-support/capacity-kv.js';

// Issue 7 "Proof": from the same random weights, the parley talker graphs match the community ones.
const { hidden: H, layers, kvHeads, headDim } = DEFAULT_STANDIN_SIZES;
const TOLERANCE = 1e-4;
const PROMPT = 8;
const STEPS = 40;

const sessions: Record<string, ort.InferenceSession> = {};

beforeAll(async () => {
  const dir = await freshStandin({ layout: 'community+parley' });
  for (const name of ['talker_prefill', 'talker_decode', 'parley_talker_prefill', 'parley_talker_decode']) sessions[name] = await openGraph(dir, name);
});

afterAll(removeTemporaryDirs);

const ones = (n: number) => int64(Array(n).fill(1), [1, n]);

describe('parley_talker_prefill / parley_talker_decode vs the community talker', () => {
  it(`gives the same logits and last_hidden over ${STEPS} decode steps, with a JS capacity cache written to`, async () => {
    const embeds = randomFloats((PROMPT + STEPS) * H, 71);
    const prompt = float32(embeds.slice(0, PROMPT * H), [1, PROMPT, H]);
    let community = await sessions.talker_prefill!.run({ inputs_embeds: prompt, attention_mask: ones(PROMPT) });
    const parley = await sessions.parley_talker_prefill!.run({ inputs_embeds: prompt });
    const cache = new CapacityKv(layers, kvHeads, headDim, 4); // small capacity: exercises growth
    cache.append(parley, 'present_', PROMPT);
    const worst = { logits: maxAbsDiff(tail(floats(community.logits), CODEC_VOCAB_SIZE), floats(parley.logits)), hidden: 0, kv: 0 };
    for (let k = 0; k < STEPS; k++) {
      const input = float32(embeds.slice((PROMPT + k) * H, (PROMPT + k + 1) * H), [1, 1, H]);
      community = await sessions.talker_decode!.run({ inputs_embeds: input, attention_mask: ones(PROMPT + k + 1), ...pastFromPresents(community) });
      const step = await sessions.parley_talker_decode!.run({ inputs_embeds: input, ...cache.feeds() });
      cache.append(step, 'new_', 1);
      expect(step.new_key_0!.dims).toEqual([kvHeads, 1, headDim]);
      worst.logits = Math.max(worst.logits, maxAbsDiff(floats(community.logits), floats(step.logits)));
      worst.hidden = Math.max(worst.hidden, maxAbsDiff(floats(community.last_hidden), floats(step.last_hidden)));
    }
    const length = PROMPT + STEPS;
    for (let i = 0; i < layers; i++) {
      expect(community[`present_key_${i}`]!.dims).toEqual([1, kvHeads, length, headDim]);
      worst.kv = Math.max(worst.kv, maxAbsDiff(floats(community[`present_key_${i}`]), cache.filledKeys(i)));
    }
    console.log(`talker parity over ${STEPS} steps: max |Δ| logits ${worst.logits.toExponential(2)}, last_hidden ${worst.hidden.toExponential(2)}, keys ${worst.kv.toExponential(2)}`);
    expect(worst.logits).toBeLessThan(TOLERANCE);
    expect(worst.hidden).toBeLessThan(TOLERANCE);
    expect(worst.kv).toBeLessThan(TOLERANCE);
  });

  it('a parley decode step on an empty cache equals a one-token parley prefill', async () => {
    const input = float32(randomFloats(H, 72), [1, 1, H]);
    const stepped = await sessions.parley_talker_decode!.run({ inputs_embeds: input, ...new CapacityKv(layers, kvHeads, headDim).feeds() });
    const reference = await sessions.parley_talker_prefill!.run({ inputs_embeds: input });
    expect(maxAbsDiff(floats(stepped.logits), floats(reference.logits))).toBeLessThan(TOLERANCE);
    expect(maxAbsDiff(floats(stepped.new_value_1), floats(reference.present_value_1))).toBeLessThan(TOLERANCE);
  });

  it('returns only the new position: output sizes do not grow with the cache', async () => {
    const cache = new CapacityKv(layers, kvHeads, headDim);
    cache.append(await sessions.parley_talker_prefill!.run({ inputs_embeds: float32(randomFloats(30 * H, 73), [1, 30, H]) }), 'present_', 30);
    const step = await sessions.parley_talker_decode!.run({ inputs_embeds: float32(randomFloats(H, 74), [1, 1, H]), ...cache.feeds() });
    expect(step.logits!.dims).toEqual([1, 1, CODEC_VOCAB_SIZE]);
    expect(step.last_hidden!.dims).toEqual([1, 1, H]);
    for (let i = 0; i < layers; i++) expect(step[`new_value_${i}`]!.dims).toEqual([kvHeads, 1, headDim]);
  });
});
