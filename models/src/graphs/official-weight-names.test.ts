import type * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODEBOOK_SIZE, CODEC_VOCAB_SIZE } from '../contract.js';
import { DEFAULT_STANDIN_SEED } from '../standin/options.js';
import { checkpointWeightSpecs } from '../convert/checkpoint-graphs.js';
import { DEFAULT_STANDIN_SIZES, REAL_0_6B_SIZES } from '../standin/sizes.js';
import { floats, freshStandin, int64, openGraph, removeTemporaryDirs } from '../testing/ort.js';
import { OFFICIAL } from '../weights/official-names.js';
import { RandomWeights } from '../weights/random-weights.js';
import { buildGraph } from './build-graph.js';

const H = DEFAULT_STANDIN_SIZES.hidden;
const weights = new RandomWeights(DEFAULT_STANDIN_SEED);
const row = (table: Float32Array, r: number) => table.subarray(r * H, (r + 1) * H);

let dir: string;
let sessions: Record<'codec' | 'cp', ort.InferenceSession>;

beforeAll(async () => {
  dir = await freshStandin();
  sessions = { codec: await openGraph(dir, 'codec_embed'), cp: await openGraph(dir, 'code_predictor_embed') };
});

afterAll(removeTemporaryDirs);

/** Every weight name a graph asks its source for. */
function requestedNames(name: Parameters<typeof buildGraph>[0]): string[] {
  const asked: string[] = [];
  buildGraph(name, { description: 'spy', tensor: (spec) => (asked.push(spec.name), weights.tensor(spec)) }, DEFAULT_STANDIN_SIZES);
  return asked;
}

describe('graphs ask for weights by their official Qwen3-TTS parameter names', () => {
  it('codec_embed row i is row i of talker.model.codec_embedding.weight', async () => {
    const table = weights.tensor({
      name: `${OFFICIAL.talkerModel}.codec_embedding.weight`,
      shape: [CODEC_VOCAB_SIZE, H],
      init: { std: 1 },
    });
    const { embeds } = await sessions.codec.run({ input_ids: int64([2150], [1, 1]) });
    expect(floats(embeds)).toEqual(row(table, 2150));
  });

  it('code_predictor_embed at step j is talker.code_predictor.model.codec_embedding.{j}', async () => {
    for (const step of [0, 7, 14]) {
      const table = weights.tensor({
        name: `${OFFICIAL.codePredictorModel}.codec_embedding.${step}.weight`,
        shape: [CODEBOOK_SIZE, H],
        init: { std: 1 },
      });
      const { embeds } = await sessions.cp.run({ input_ids: int64([1234], [1, 1]), generation_step: int64([step], [1]) });
      expect(floats(embeds)).toEqual(row(table, 1234));
    }
  });

  it('the talker asks for the official per-layer names and nothing else', () => {
    const names = requestedNames('talker_prefill');
    expect(names).toContain('talker.model.layers.0.self_attn.q_proj.weight');
    expect(names).toContain('talker.model.layers.1.self_attn.k_norm.weight');
    expect(names).toContain('talker.model.layers.1.mlp.down_proj.weight');
    expect(names).toContain('talker.model.layers.0.post_attention_layernorm.weight');
    expect(names).toContain('talker.model.norm.weight');
    expect(names).toContain('talker.codec_head.weight');
    expect(names.every((n) => n.startsWith('talker.model.') || n === 'talker.codec_head.weight')).toBe(true);
    expect(requestedNames('talker_decode').sort()).toEqual([...names].sort());
  });

  it('the code predictor asks for small_to_mtp_projection, its own layers and the 15 lm_heads', () => {
    const names = requestedNames('code_predictor');
    expect(names).toContain('talker.code_predictor.small_to_mtp_projection.weight');
    expect(names).toContain('talker.code_predictor.small_to_mtp_projection.bias');
    expect(names).toContain('talker.code_predictor.model.layers.1.self_attn.o_proj.weight');
    expect(names).toContain('talker.code_predictor.lm_head.14.weight');
    expect(names.filter((n) => n.startsWith('talker.code_predictor.lm_head.'))).toHaveLength(15);
  });

  it('text_project asks for the text embedding and the ResizeMLP with biases', () => {
    expect(requestedNames('text_project')).toEqual([
      'talker.model.text_embedding.weight',
      'talker.text_projection.linear_fc1.weight',
      'talker.text_projection.linear_fc1.bias',
      'talker.text_projection.linear_fc2.weight',
      'talker.text_projection.linear_fc2.bias',
    ]);
  });

  it("the speaker encoder asks for the official ECAPA-TDNN's 76 Conv1d tensors at the release's sizes, each with its PyTorch shape", () => {
    const specs = checkpointWeightSpecs(['speaker_encoder'], { ...REAL_0_6B_SIZES, hidden: 2048 });
    const shapes = Object.fromEntries([...specs].map(([name, spec]) => [name, spec.shape]));
    expect(Object.keys(shapes)).toHaveLength(76); // the official module's state_dict at enc_dim 2048: 76 tensors, 12.0 M values
    expect(Object.keys(shapes).every((n) => /^speaker_encoder\..*\.(weight|bias)$/.test(n))).toBe(true);
    expect(shapes).toMatchObject({
      'speaker_encoder.blocks.0.conv.weight': [512, 128, 5],
      'speaker_encoder.blocks.1.tdnn1.conv.weight': [512, 512, 1],
      'speaker_encoder.blocks.3.res2net_block.blocks.6.conv.weight': [64, 64, 3],
      'speaker_encoder.blocks.2.se_block.conv1.weight': [128, 512, 1],
      'speaker_encoder.blocks.2.se_block.conv2.bias': [512],
      'speaker_encoder.mfa.conv.weight': [1536, 1536, 1],
      'speaker_encoder.asp.tdnn.conv.weight': [128, 4608, 1],
      'speaker_encoder.asp.conv.weight': [1536, 128, 1],
      'speaker_encoder.fc.weight': [2048, 3072, 1],
      'speaker_encoder.fc.bias': [2048],
    });
    expect([...specs.values()].reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1), 0)).toBe(12_001_088);
  });
});
