import type * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMUNITY_GRAPH_NAMES, type CommunityGraphName } from '@parley/qwen3-contract';
import { CODEBOOK_SIZE, CODEC_VOCAB_SIZE, MEL_BINS, NUM_CODE_GROUPS, TEXT_VOCAB_SIZE } from '../contract.js';
import { DEFAULT_STANDIN_SIZES } from '../standin/sizes.js';
import { float32, floats, freshStandin, int64, openGraph, randomFloats, removeTemporaryDirs } from '../testing/ort.js';

const { hidden: H, layers, kvHeads: KV, headDim: HD } = DEFAULT_STANDIN_SIZES;

type Io = readonly [name: string, type: 'float32' | 'int64', shape: readonly (number | string)[]];

const kv = (kind: 'past' | 'present', length: string): Io[] =>
  Array.from({ length: layers }, (_, i) => [
    [`${kind}_key_${i}`, 'float32', [1, KV, length, HD]] as const,
    [`${kind}_value_${i}`, 'float32', [1, KV, length, HD]] as const,
  ]).flat();

/** The layout of docs/model.md#community-layout, with the stand-in's sizes; symbolic dims are the generator's names. */
const CONTRACT: Readonly<Record<CommunityGraphName, { inputs: readonly Io[]; outputs: readonly Io[] }>> = {
  text_project: { inputs: [['input_ids', 'int64', [1, 'T']]], outputs: [['embeds', 'float32', [1, 'T', H]]] },
  codec_embed: { inputs: [['input_ids', 'int64', [1, 'T']]], outputs: [['embeds', 'float32', [1, 'T', H]]] },
  code_predictor_embed: {
    inputs: [
      ['input_ids', 'int64', [1, 1]],
      ['generation_step', 'int64', [1]],
    ],
    outputs: [['embeds', 'float32', [1, 1, H]]],
  },
  talker_prefill: {
    inputs: [
      ['inputs_embeds', 'float32', [1, 'T', H]],
      ['attention_mask', 'int64', [1, 'T']],
    ],
    outputs: [['logits', 'float32', [1, 'T', CODEC_VOCAB_SIZE]], ['last_hidden', 'float32', [1, 1, H]], ...kv('present', 'T')],
  },
  talker_decode: {
    inputs: [['inputs_embeds', 'float32', [1, 1, H]], ['attention_mask', 'int64', [1, 'total_length']], ...kv('past', 'past_length')],
    outputs: [['logits', 'float32', [1, 1, CODEC_VOCAB_SIZE]], ['last_hidden', 'float32', [1, 1, H]], ...kv('present', 'total_length')],
  },
  code_predictor: {
    inputs: [
      ['inputs_embeds', 'float32', [1, 'S', H]],
      ['generation_step', 'int64', [1]],
    ],
    outputs: [['logits', 'float32', [1, CODEBOOK_SIZE]]],
  },
  tokenizer12hz_decode: {
    inputs: [['audio_codes', 'int64', [1, 'F', NUM_CODE_GROUPS]]],
    outputs: [
      ['audio_values', 'float32', [1, 'N']],
      ['lengths', 'int64', [1]],
    ],
  },
  speaker_encoder: { inputs: [['mel', 'float32', [1, 'T_mel', MEL_BINS]]], outputs: [['embedding', 'float32', [1, H]]] },
  tokenizer12hz_encode: {
    inputs: [['input_values', 'float32', [1, 'n']]],
    outputs: [
      ['audio_codes', 'int64', [1, 'F', NUM_CODE_GROUPS]],
      ['lengths', 'int64', [1]],
    ],
  },
};

const sessions = new Map<CommunityGraphName, ort.InferenceSession>();

beforeAll(async () => {
  const dir = await freshStandin();
  await Promise.all(COMMUNITY_GRAPH_NAMES.map(async (name) => sessions.set(name, await openGraph(dir, name))));
});

afterAll(removeTemporaryDirs);

const describeIo = (metadata: readonly ort.InferenceSession.ValueMetadata[]) =>
  metadata.map((m) => (m.isTensor ? [m.name, m.type, m.shape] : [m.name, 'not a tensor', []]));

describe('the nine graphs keep the community ONNX layout (docs/model.md#community-layout)', () => {
  it.each(COMMUNITY_GRAPH_NAMES)("%s declares the layout's input and output names, dtypes and shapes, in order", (name) => {
    const session = sessions.get(name)!;
    expect(session.inputNames).toEqual(CONTRACT[name].inputs.map(([n]) => n));
    expect(session.outputNames).toEqual(CONTRACT[name].outputs.map(([n]) => n));
    expect(describeIo(session.inputMetadata)).toEqual(CONTRACT[name].inputs.map((io) => [...io]));
    expect(describeIo(session.outputMetadata)).toEqual(CONTRACT[name].outputs.map((io) => [...io]));
  });

  it('text_project embeds any id of the 151936-entry vocabulary, TTS specials included', async () => {
    const ids = [0, 151_644, 151_671, 151_672, 151_673, 151_675, TEXT_VOCAB_SIZE - 1];
    const { embeds } = await sessions.get('text_project')!.run({ input_ids: int64(ids, [1, ids.length]) });
    expect(embeds!.dims).toEqual([1, ids.length, H]);
    expect(floats(embeds).every(Number.isFinite)).toBe(true);
  });

  it('codec_embed embeds the whole 3072-entry codec vocabulary (speaker ids up to 3066)', async () => {
    const ids = [0, 2047, 2148, 2150, 2157, 3066, CODEC_VOCAB_SIZE - 1];
    const { embeds } = await sessions.get('codec_embed')!.run({ input_ids: int64(ids, [1, ids.length]) });
    expect(embeds!.dims).toEqual([1, ids.length, H]);
  });

  it('code_predictor_embed uses a different table per generation_step', async () => {
    const session = sessions.get('code_predictor_embed')!;
    const embed = async (step: number) =>
      floats((await session.run({ input_ids: int64([5], [1, 1]), generation_step: int64([step], [1]) })).embeds);
    const [first, second, last] = await Promise.all([embed(0), embed(1), embed(14)]);
    expect(first).toHaveLength(H);
    expect(first).not.toEqual(second);
    expect(first).not.toEqual(last);
  });

  it.each([2, 9, 16])('code_predictor takes S = %i positions and returns [1,2048] logits', async (S) => {
    const { logits } = await sessions
      .get('code_predictor')!
      .run({ inputs_embeds: float32(randomFloats(S * H, S), [1, S, H]), generation_step: int64([S - 2], [1]) });
    expect(logits!.dims).toEqual([1, CODEBOOK_SIZE]);
  });

  it('code_predictor logits depend on generation_step (one lm_head per sub-codebook)', async () => {
    const session = sessions.get('code_predictor')!;
    const inputs = float32(randomFloats(4 * H, 21), [1, 4, H]);
    const run = async (step: number) => floats((await session.run({ inputs_embeds: inputs, generation_step: int64([step], [1]) })).logits);
    const [a, b, again] = await Promise.all([run(2), run(3), run(2)]);
    expect(a).toEqual(again);
    expect(a).not.toEqual(b);
  });

  it('code_predictor logits come from the last position: appending a position changes them', async () => {
    const session = sessions.get('code_predictor')!;
    const embeds = randomFloats(3 * H, 22);
    const run = async (s: number) =>
      floats((await session.run({ inputs_embeds: float32(embeds.slice(0, s * H), [1, s, H]), generation_step: int64([0], [1]) })).logits);
    expect(await run(2)).not.toEqual(await run(3));
  });

  it('speaker_encoder maps any number of mel frames to one [1,H] vector', async () => {
    const session = sessions.get('speaker_encoder')!;
    const run = async (frames: number, seed: number) =>
      (await session.run({ mel: float32(randomFloats(frames * MEL_BINS, seed), [1, frames, MEL_BINS]) })).embedding!;
    const [a, b] = await Promise.all([run(50, 23), run(173, 24)]);
    expect(a.dims).toEqual([1, H]);
    expect(b.dims).toEqual([1, H]);
    expect(floats(a)).not.toEqual(floats(b));
  });
});
