import { CODEBOOK_SIZE, CODEC_VOCAB_SIZE, DEFAULT_STANDIN_SIZES, NUM_CODE_GROUPS } from '@parley/models';
import type * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff, randomFloats, standinLayouts } from '../testing/standin.js';
import type { Qwen3Model } from '../model/load-model.js';
import type { OnnxGraph } from '../model/onnx-graph.js';
import { float32Tensor, int64Tensor, lastView, onesMask, outputFloats } from '../model/tensors.js';
import { CapacityKvCache, ReturnedKvCache } from './kv-cache.js';

// From the same random weights, the parley graphs (steps that return only the new K/V) match the
// community ones (whole cache returned, or the code predictor's full recompute), each fed by the
// cache the engine keeps for its layout.
const { hidden: H, layers, kvHeads, headDim, cpLayers, cpKvHeads, cpHeadDim } = DEFAULT_STANDIN_SIZES;
const TOLERANCE = 1e-4;

let community: Qwen3Model;
let parley: Qwen3Model;
beforeAll(async () => {
  ({ community, parley } = await standinLayouts());
});
afterAll(async () => {
  await community.release();
  await parley.release();
});

const embeds = (values: Float32Array, positions: number) => float32Tensor(values, [1, positions, H]);

/** The filled positions of a capacity feed `[kvH, C, hd]` as `[kvH, P, hd]`: the community `present_*` layout. */
function filled(feed: ort.Tensor, length: number): Float32Array {
  const [heads, capacity, dim] = feed.dims as [number, number, number];
  const out = new Float32Array(heads * length * dim);
  for (let h = 0; h < heads; h++)
    out.set((feed.data as Float32Array).subarray(h * capacity * dim, (h * capacity + length) * dim), h * length * dim);
  return out;
}

describe('parley_talker_prefill / parley_talker_decode vs the community talker', () => {
  const PROMPT = 8;
  const STEPS = 40;

  it(`gives the same logits, last_hidden and keys over ${STEPS} decode steps, the capacity cache growing on the way`, async () => {
    const values = randomFloats((PROMPT + STEPS) * H, 71);
    const prompt = embeds(values.slice(0, PROMPT * H), PROMPT);
    const [returned, capacity] = [new ReturnedKvCache(layers), new CapacityKvCache()];
    const first = await community.graphs.talkerPrefill.run({ inputs_embeds: prompt, attention_mask: onesMask(PROMPT) });
    const parleyFirst = await parley.graphs.talkerPrefill.run({ inputs_embeds: prompt });
    returned.update(first);
    capacity.update(parleyFirst);
    const firstCapacity = capacity.feeds().past_key_0!.dims[1]!;
    const logitsOf = (outputs: ort.InferenceSession.OnnxValueMapType) => lastView(outputFloats(outputs, 'logits'), CODEC_VOCAB_SIZE);
    const worst = { logits: maxAbsDiff(logitsOf(first), outputFloats(parleyFirst, 'logits')), hidden: 0, kv: 0 };
    for (let k = 0; k < STEPS; k++) {
      const input = embeds(values.slice((PROMPT + k) * H, (PROMPT + k + 1) * H), 1);
      const stepped = await community.graphs.talkerDecode.run({
        inputs_embeds: input,
        attention_mask: onesMask(returned.length + 1),
        ...returned.feeds(),
      });
      const step = await parley.graphs.talkerDecode.run({ inputs_embeds: input, ...capacity.feeds() });
      returned.update(stepped);
      capacity.update(step);
      expect(step.new_key_0!.dims).toEqual([kvHeads, 1, headDim]);
      worst.logits = Math.max(worst.logits, maxAbsDiff(logitsOf(stepped), outputFloats(step, 'logits')));
      worst.hidden = Math.max(worst.hidden, maxAbsDiff(outputFloats(stepped, 'last_hidden'), outputFloats(step, 'last_hidden')));
    }
    const length = PROMPT + STEPS;
    expect([returned.length, capacity.length]).toEqual([length, length]);
    expect(capacity.feeds().past_key_0!.dims[1]).toBeGreaterThan(firstCapacity);
    for (let i = 0; i < layers; i++) {
      const keys = returned.feeds()[`past_key_${i}`]!;
      expect(keys.dims).toEqual([1, kvHeads, length, headDim]);
      worst.kv = Math.max(worst.kv, maxAbsDiff(keys.data as Float32Array, filled(capacity.feeds()[`past_key_${i}`]!, length)));
    }
    console.log(
      `talker parity over ${STEPS} steps: max |Δ| logits ${worst.logits.toExponential(2)}, last_hidden ${worst.hidden.toExponential(2)}, keys ${worst.kv.toExponential(2)}`,
    );
    expect(worst.logits).toBeLessThan(TOLERANCE);
    expect(worst.hidden).toBeLessThan(TOLERANCE);
    expect(worst.kv).toBeLessThan(TOLERANCE);
  });

  it('a parley decode step on an emptied cache (stale positions still in its buffers) equals a one-token parley prefill', async () => {
    const cache = new CapacityKvCache();
    cache.update(await parley.graphs.talkerPrefill.run({ inputs_embeds: embeds(randomFloats(5 * H, 75), 5) }));
    cache.reset();
    const input = embeds(randomFloats(H, 72), 1);
    const stepped = await parley.graphs.talkerDecode.run({ inputs_embeds: input, ...cache.feeds() });
    const reference = await parley.graphs.talkerPrefill.run({ inputs_embeds: input });
    expect(maxAbsDiff(outputFloats(stepped, 'logits'), outputFloats(reference, 'logits'))).toBeLessThan(TOLERANCE);
    expect(maxAbsDiff(outputFloats(stepped, 'new_value_1'), outputFloats(reference, 'present_value_1'))).toBeLessThan(TOLERANCE);
  });

  it('returns only the new position: output sizes do not grow with the cache', async () => {
    const cache = new CapacityKvCache();
    cache.update(await parley.graphs.talkerPrefill.run({ inputs_embeds: embeds(randomFloats(30 * H, 73), 30) }));
    const step = await parley.graphs.talkerDecode.run({ inputs_embeds: embeds(randomFloats(H, 74), 1), ...cache.feeds() });
    expect(step.logits!.dims).toEqual([1, 1, CODEC_VOCAB_SIZE]);
    expect(step.last_hidden!.dims).toEqual([1, 1, H]);
    for (let i = 0; i < layers; i++) expect(step[`new_value_${i}`]!.dims).toEqual([kvHeads, 1, headDim]);
  });
});

describe('parley_code_predictor_prefill / _step vs the community code_predictor', () => {
  const predictor = (model: Qwen3Model) => model.graphs.codePredictor;
  const full = (): OnnxGraph => {
    const graphs = predictor(community);
    if (graphs.cache !== 'none') throw new Error('the community layout recomputes its code predictor');
    return graphs.full;
  };
  const cached = () => {
    const graphs = predictor(parley);
    if (graphs.cache !== 'kv-cached') throw new Error('the parley layout caches its code predictor');
    return graphs;
  };
  /** The engine's code-predictor cache: exactly one frame's positions, reset each frame. */
  const frameCache = () => new CapacityKvCache(NUM_CODE_GROUPS);
  const prefill = async (cache: CapacityKvCache, context: Float32Array) => {
    cache.reset();
    const outputs = await cached().prefill.run({ inputs_embeds: embeds(context.slice(0, 2 * H), 2) });
    cache.update(outputs);
    return outputs;
  };
  const step = async (cache: CapacityKvCache, input: Float32Array, generationStep: number) => {
    const outputs = await cached().step.run({
      inputs_embeds: embeds(input, 1),
      generation_step: int64Tensor([generationStep], [1]),
      ...cache.feeds(),
    });
    cache.update(outputs);
    return outputs;
  };

  /** Community logits for the first `s` positions of `context`, at generation step s − 2. */
  const recomputed = async (context: Float32Array, s: number) =>
    outputFloats(
      await full().run({ inputs_embeds: embeds(context.slice(0, s * H), s), generation_step: int64Tensor([s - 2], [1]) }),
      'logits',
    );

  it('gives the same logits at every step S = 2..16 for several random contexts, one cache reset between them', async () => {
    const cache = frameCache();
    let worst = 0;
    for (const seed of [81, 82, 83, 84]) {
      const context = randomFloats(NUM_CODE_GROUPS * H, seed);
      const logits = [outputFloats(await prefill(cache, context), 'logits')];
      for (let s = 3; s <= NUM_CODE_GROUPS; s++)
        logits.push(outputFloats(await step(cache, context.slice((s - 1) * H, s * H), s - 2), 'logits'));
      for (let s = 2; s <= NUM_CODE_GROUPS; s++) worst = Math.max(worst, maxAbsDiff(await recomputed(context, s), logits[s - 2]!));
    }
    console.log(`code predictor parity, S = 2..16, 4 contexts: max |Δ| logits ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(TOLERANCE);
  });

  it('step logits depend on generation_step (the lm_head is selected in the graph) and on the cache', async () => {
    const context = randomFloats(3 * H, 85);
    const [cache, other] = [frameCache(), frameCache()];
    await prefill(cache, context);
    await prefill(other, randomFloats(2 * H, 86));
    const input = context.slice(2 * H);
    const run = async (generationStep: number, feeds: CapacityKvCache) =>
      outputFloats(
        await cached().step.run({ inputs_embeds: embeds(input, 1), generation_step: int64Tensor([generationStep], [1]), ...feeds.feeds() }),
        'logits',
      );
    const [one, two] = [await run(1, cache), await run(2, cache)];
    expect(maxAbsDiff(one, two)).toBeGreaterThan(1e-2);
    expect(maxAbsDiff(one, await run(1, other))).toBeGreaterThan(1e-2);
  });

  it('prefill returns logits [1,2048] and presents [kvH,2,hd]; a step returns only [kvH,1,hd]', async () => {
    const cache = frameCache();
    const first = await prefill(cache, randomFloats(2 * H, 87));
    expect(first.logits!.dims).toEqual([1, CODEBOOK_SIZE]);
    for (let i = 0; i < cpLayers; i++) expect(first[`present_key_${i}`]!.dims).toEqual([cpKvHeads, 2, cpHeadDim]);
    const next = await step(cache, randomFloats(H, 88), 1);
    expect(next.logits!.dims).toEqual([1, CODEBOOK_SIZE]);
    for (let i = 0; i < cpLayers; i++) expect(next[`new_value_${i}`]!.dims).toEqual([cpKvHeads, 1, cpHeadDim]);
  });
});
