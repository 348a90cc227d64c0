import type * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODEC_VOCAB_SIZE } from '../contract.js';
import { DEFAULT_STANDIN_SIZES } from '../standin/sizes.js';
import {
  float32,
  floats,
  freshStandin,
  int64,
  maxAbsDiff,
  openGraph,
  pastFromPresents,
  randomFloats,
  tail,
  removeTemporaryDirs,
} from '../testing/ort.js';

const { hidden: H, layers, kvHeads, headDim } = DEFAULT_STANDIN_SIZES;
const TOLERANCE = 1e-4;

let prefill: ort.InferenceSession;
let decode: ort.InferenceSession;

beforeAll(async () => {
  const dir = await freshStandin();
  [prefill, decode] = await Promise.all([openGraph(dir, 'talker_prefill'), openGraph(dir, 'talker_decode')]);
});

afterAll(removeTemporaryDirs);

/** The first `t` positions of a [1, N, H] embedding sequence. */
const prefix = (embeds: Float32Array, t: number) => embeds.slice(0, t * H);
const ones = (n: number) => int64(Array(n).fill(1), [1, n]);

async function runPrefill(embeds: Float32Array, mask = ones(embeds.length / H)) {
  return prefill.run({ inputs_embeds: float32(embeds, [1, embeds.length / H, H]), attention_mask: mask });
}

describe('talker_prefill and talker_decode', () => {
  it('decode steps after a prefill give the logits of a fresh prefill of the longer sequence (KV cache, RoPE positions)', async () => {
    const T = 6;
    const steps = 5;
    const embeds = randomFloats((T + steps) * H, 11);
    let outputs = await runPrefill(prefix(embeds, T));
    for (let k = 0; k < steps; k++) {
      const length = T + k + 1;
      const next = embeds.slice((T + k) * H, length * H);
      outputs = await decode.run({ inputs_embeds: float32(next, [1, 1, H]), attention_mask: ones(length), ...pastFromPresents(outputs) });
      const reference = await runPrefill(prefix(embeds, length));
      expect(maxAbsDiff(floats(outputs.logits), tail(floats(reference.logits), CODEC_VOCAB_SIZE))).toBeLessThan(TOLERANCE);
      expect(maxAbsDiff(floats(outputs.last_hidden), floats(reference.last_hidden))).toBeLessThan(TOLERANCE);
      expect(maxAbsDiff(floats(outputs.present_key_1), floats(reference.present_key_1))).toBeLessThan(TOLERANCE);
      expect(outputs.present_value_0!.dims).toEqual([1, kvHeads, length, headDim]);
    }
  });

  it('decode logits depend on the cache, so a wrong cache cannot pass the consistency test by accident', async () => {
    const embeds = randomFloats(5 * H, 12);
    const cache = pastFromPresents(await runPrefill(prefix(embeds, 4)));
    const last = embeds.slice(4 * H);
    const right = await decode.run({ inputs_embeds: float32(last, [1, 1, H]), attention_mask: ones(5), ...cache });
    const other = pastFromPresents(await runPrefill(randomFloats(4 * H, 13)));
    const wrong = await decode.run({ inputs_embeds: float32(last, [1, 1, H]), attention_mask: ones(5), ...other });
    expect(maxAbsDiff(floats(right.logits), floats(wrong.logits))).toBeGreaterThan(1e-2);
  });

  it("prefill is causal: changing a later position leaves every earlier position's logits unchanged", async () => {
    const T = 7;
    const changed = 4;
    const a = randomFloats(T * H, 14);
    const b = a.slice();
    b.set(randomFloats(H, 15), changed * H);
    const [la, lb] = [floats((await runPrefill(a)).logits), floats((await runPrefill(b)).logits)];
    const upTo = changed * CODEC_VOCAB_SIZE;
    expect(maxAbsDiff(la.subarray(0, upTo), lb.subarray(0, upTo))).toBeLessThan(1e-6);
    expect(maxAbsDiff(la.subarray(upTo), lb.subarray(upTo))).toBeGreaterThan(1e-2);
  });

  it("attention_mask zeros mask those keys: a masked position's embedding does not reach later positions", async () => {
    const T = 6;
    const masked = 2;
    const mask = int64([1, 1, 0, 1, 1, 1], [1, T]);
    const a = randomFloats(T * H, 16);
    const b = a.slice();
    b.set(randomFloats(H, 17), masked * H);
    const [la, lb] = [floats((await runPrefill(a, mask)).logits), floats((await runPrefill(b, mask)).logits)];
    const after = (masked + 1) * CODEC_VOCAB_SIZE;
    expect(maxAbsDiff(la.subarray(after), lb.subarray(after))).toBeLessThan(1e-6);
    const unmasked = [floats((await runPrefill(a)).logits), floats((await runPrefill(b)).logits)] as const;
    expect(maxAbsDiff(unmasked[0].subarray(after), unmasked[1].subarray(after))).toBeGreaterThan(1e-2);
  });

  it('a decode step on an empty cache equals a one-token prefill', async () => {
    const embeds = randomFloats(H, 18);
    const empty: Record<string, ort.Tensor> = {};
    for (let i = 0; i < layers; i++) {
      empty[`past_key_${i}`] = float32(new Float32Array(0), [1, kvHeads, 0, headDim]);
      empty[`past_value_${i}`] = float32(new Float32Array(0), [1, kvHeads, 0, headDim]);
    }
    const stepped = await decode.run({ inputs_embeds: float32(embeds, [1, 1, H]), attention_mask: ones(1), ...empty });
    const reference = await runPrefill(embeds);
    expect(maxAbsDiff(floats(stepped.logits), floats(reference.logits))).toBeLessThan(TOLERANCE);
  });

  it('prefill returns logits [1,T,3072], last_hidden [1,1,H] and per-layer presents [1,kvH,T,hd]', async () => {
    const outputs = await runPrefill(randomFloats(3 * H, 19));
    expect(outputs.logits!.dims).toEqual([1, 3, CODEC_VOCAB_SIZE]);
    expect(outputs.last_hidden!.dims).toEqual([1, 1, H]);
    for (let i = 0; i < layers; i++) expect(outputs[`present_key_${i}`]!.dims).toEqual([1, kvHeads, 3, headDim]);
  });
});
