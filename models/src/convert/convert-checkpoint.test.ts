import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARLEY_LAYOUT_FILE, type ParleyLayoutManifest, type WeightPrecision } from '@parley/qwen3-contract';
import { onnx } from '../onnx/proto.js';
import { generateStandinCheckpoint } from '../standin/checkpoint.js';
import { DEFAULT_STANDIN_SEED } from '../standin/options.js';
import { DEFAULT_STANDIN_SIZES } from '../standin/sizes.js';
import { freshStandin, openGraph, removeTemporaryDirs, temporaryDir } from '../testing/ort.js';
import { RandomWeights } from '../weights/random-weights.js';
import { readSafetensorsHeader } from '../weights/safetensors-format.js';
import { SafetensorsWeights } from '../weights/safetensors-weights.js';
import { writeSafetensors, type TensorToWrite } from '../weights/safetensors-writer.js';
import { CODEC_GRAPH_NAMES } from '@parley/qwen3-contract';
import { BASE_ONLY_GRAPHS, checkpointWeightSpecs, CONVERTED_GRAPHS, TALKER_SIDE_GRAPHS } from './checkpoint-graphs.js';
import { convertCheckpoint, type ConvertedModel, type ConvertProgress } from './convert-checkpoint.js';

let standin: string;
let checkpoint: string;
let converted: ConvertedModel;
const progress: ConvertProgress[] = [];

beforeAll(async () => {
  standin = await freshStandin({ layout: 'community+parley' });
  checkpoint = temporaryDir();
  await generateStandinCheckpoint(checkpoint);
  writeFileSync(join(checkpoint, 'vocab.json'), '{"!": 0}\n');
  writeFileSync(join(checkpoint, 'merges.txt'), '#version: 0.2\n');
  converted = await convertCheckpoint({
    checkpointDir: checkpoint,
    outDir: temporaryDir(),
    codecDir: standin,
    onProgress: (p) => progress.push(p),
  });
});

afterAll(removeTemporaryDirs);

/** A model's bytes with its `parley.weights` metadata (`random(seed=1)` vs `safetensors(…)`) removed. */
function withoutWeightsMetadata(path: string): { bytes: Uint8Array; weights: string | undefined } {
  const model = onnx.ModelProto.decode(readFileSync(path));
  const weights = model.metadataProps.find((p) => p.key === 'parley.weights')?.value ?? undefined;
  model.metadataProps = model.metadataProps.filter((p) => p.key !== 'parley.weights');
  return { bytes: onnx.ModelProto.encode(model).finish(), weights };
}

type ConfigJson = { talker_config: Record<string, unknown>; speaker_encoder_config: Record<string, unknown> };

/** A copy of the checkpoint (by default the CustomVoice one) with `edit` applied to its tensors and config.json. */
function editedCheckpoint(edit: { drop?: string; config?: (json: ConfigJson) => void; from?: string }): string {
  const dir = temporaryDir();
  const from = edit.from ?? checkpoint;
  cpSync(from, dir, { recursive: true });
  if (edit.config) {
    const json = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as ConfigJson;
    edit.config(json);
    writeFileSync(join(dir, 'config.json'), JSON.stringify(json));
  }
  if (edit.drop !== undefined) {
    const path = join(dir, 'model.safetensors');
    const source = new SafetensorsWeights([join(from, 'model.safetensors')]);
    const tensors = new Map<string, TensorToWrite>();
    for (const [name, { shape }] of readSafetensorsHeader(path).tensors) {
      if (name !== edit.drop) tensors.set(name, { shape, data: () => source.tensor({ name, shape, init: 'fan-in' }) });
    }
    writeSafetensors(path, tensors);
  }
  return dir;
}

describe('convertCheckpoint of a stand-in checkpoint', () => {
  it('rebuilds the stand-in graphs byte for byte, the codec decoder from speech_tokenizer/ included, except the weight-source note', () => {
    for (const name of [...CONVERTED_GRAPHS, ...CODEC_GRAPH_NAMES]) {
      const ours = withoutWeightsMetadata(join(converted.outDir, `${name}.onnx`));
      const theirs = withoutWeightsMetadata(join(standin, `${name}.onnx`));
      const weightless = name.endsWith('_kv_append');
      expect(ours.weights, name).toBe(weightless ? undefined : 'safetensors(model.safetensors)'); // the speech tokenizer's file has the same name
      expect(theirs.weights, name).toBe(weightless ? undefined : `random(seed=${DEFAULT_STANDIN_SEED})`);
      expect(Buffer.from(ours.bytes).equals(Buffer.from(theirs.bytes)), name).toBe(true);
    }
  });

  it('copies the cloning graphs, config.json and the tokenizer files, and writes a parley layout manifest naming only what is there', async () => {
    for (const file of ['speaker_encoder.onnx', 'tokenizer12hz_encode.onnx']) {
      expect(readFileSync(join(converted.outDir, file)).equals(readFileSync(join(standin, file))), file).toBe(true);
    }
    for (const file of ['config.json', 'vocab.json', 'merges.txt']) {
      expect(readFileSync(join(converted.outDir, file), 'utf8'), file).toBe(readFileSync(join(checkpoint, file), 'utf8'));
    }
    expect(existsSync(join(converted.outDir, 'talker_prefill.onnx'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(converted.outDir, PARLEY_LAYOUT_FILE), 'utf8')) as ParleyLayoutManifest;
    expect(manifest).toMatchObject({ layout: 'parley', precision: 'fp32', kvLayout: 'head-major-capacity', sizes: DEFAULT_STANDIN_SIZES });
    for (const file of Object.values(manifest.graphs)) expect(converted.files[file], file).toBeGreaterThan(0);
    expect(Object.keys(manifest.graphs)).toHaveLength(13);
    await (await openGraph(converted.outDir, 'parley_talker_prefill')).release();
  });

  it('reports each built or copied file in order, and sums the bytes', () => {
    const builtGraphs = [...CONVERTED_GRAPHS, ...CODEC_GRAPH_NAMES];
    const copied = ['speaker_encoder.onnx', 'tokenizer12hz_encode.onnx', 'config.json', 'vocab.json', 'merges.txt'];
    const total = builtGraphs.length + copied.length;
    expect(progress.map((p) => `${p.index}/${p.total} ${p.action} ${p.file}`)).toEqual([
      ...builtGraphs.map((name, i) => `${i + 1}/${total} built ${name}.onnx`),
      ...copied.map((file, i) => `${builtGraphs.length + i + 1}/${total} copied ${file}`),
    ]);
    expect(converted.bytes).toBe(Object.values(converted.files).reduce((a, b) => a + b, 0));
  });
});

describe('convertCheckpoint of a Base stand-in checkpoint', () => {
  let base: string;
  let baseProgress: ConvertProgress[];
  let baseOut: string;

  beforeAll(async () => {
    base = temporaryDir();
    await generateStandinCheckpoint(base, { modelType: 'base' });
    baseProgress = [];
    baseOut = (
      await convertCheckpoint({ checkpointDir: base, outDir: temporaryDir(), codecDir: standin, onProgress: (p) => baseProgress.push(p) })
    ).outDir;
  });

  it("builds speaker_encoder.onnx from the checkpoint's speaker_encoder.* tensors, byte for byte the stand-in's, instead of copying it", () => {
    const ours = withoutWeightsMetadata(join(baseOut, 'speaker_encoder.onnx'));
    expect(ours.weights).toBe('safetensors(model.safetensors)');
    expect(Buffer.from(ours.bytes).equals(Buffer.from(withoutWeightsMetadata(join(standin, 'speaker_encoder.onnx')).bytes))).toBe(true);
    expect(baseProgress.map((p) => `${p.action} ${p.file}`)).toEqual([
      ...[...CONVERTED_GRAPHS, ...CODEC_GRAPH_NAMES, 'speaker_encoder'].map((name) => `built ${name}.onnx`),
      'copied tokenizer12hz_encode.onnx', // the codec encoder is still the stand-in's other architecture
      'copied config.json',
    ]);
  });

  it('holds the speaker encoder tensors, which a CustomVoice checkpoint lacks', () => {
    const names = (dir: string) => SafetensorsWeights.fromDirectory(dir).names();
    const speakerEncoder = [...checkpointWeightSpecs(BASE_ONLY_GRAPHS, DEFAULT_STANDIN_SIZES).keys()];
    expect(speakerEncoder.length).toBeGreaterThan(0);
    expect(names(base)).toEqual([...checkpointWeightSpecs(TALKER_SIDE_GRAPHS, DEFAULT_STANDIN_SIZES).keys(), ...speakerEncoder]);
    expect(names(checkpoint).some((name) => name.startsWith('speaker_encoder.'))).toBe(false);
  });

  it('refuses, before writing anything, a speaker encoder missing a tensor or whose enc_dim is not the hidden size', async () => {
    const outDir = join(temporaryDir(), 'out');
    const dropped = editedCheckpoint({ from: base, drop: 'speaker_encoder.blocks.2.res2net_block.blocks.1.conv.bias' });
    await expect(convertCheckpoint({ checkpointDir: dropped, outDir, codecDir: standin })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining(
        'the speaker encoder does not match config.json: tensor speaker_encoder.blocks.2.res2net_block.blocks.1.conv.bias not found',
      ),
    });
    const wide = editedCheckpoint({ from: base, config: (json) => (json.speaker_encoder_config.enc_dim = 1024) });
    await expect(convertCheckpoint({ checkpointDir: wide, outDir, codecDir: standin })).rejects.toThrow(
      /config\.json: speaker_encoder_config\.enc_dim is 1024, but the speaker vector takes a talker position of hidden_size 32/,
    );
    const scale = editedCheckpoint({ from: base, config: (json) => (json.speaker_encoder_config.enc_res2net_scale = 8) });
    await expect(convertCheckpoint({ checkpointDir: scale, outDir, codecDir: standin })).rejects.toThrow(
      /tensor speaker_encoder\.blocks\.1\.res2net_block\.blocks\.0\.conv\.weight has shape \[4, 4, 3\], expected \[2, 2, 3\]/,
    );
    expect(existsSync(outDir)).toBe(false);
  });
});

describe('generateStandinCheckpoint', () => {
  it('holds exactly the talker-side tensors, with the random values of the same seed', () => {
    const weights = SafetensorsWeights.fromDirectory(checkpoint);
    const specs = checkpointWeightSpecs(TALKER_SIDE_GRAPHS, DEFAULT_STANDIN_SIZES);
    expect(weights.names()).toEqual([...specs.keys()]);
    expect(weights.names().some((name) => name.startsWith('standin.'))).toBe(false);
    const spec = specs.get('talker.model.layers.1.self_attn.q_proj.weight')!;
    expect(weights.tensor(spec)).toEqual(new RandomWeights(DEFAULT_STANDIN_SEED).tensor(spec));
  });
});

describe('convertCheckpoint refuses bad input before writing anything', () => {
  const convert = (checkpointDir: string, extra: { codecDir?: string; precision?: WeightPrecision } = { codecDir: standin }) => {
    const outDir = join(temporaryDir(), 'out');
    return { outDir, done: convertCheckpoint({ checkpointDir, outDir, ...extra }) };
  };

  it('a checkpoint missing one tensor: the error names it', async () => {
    const { outDir, done } = convert(editedCheckpoint({ drop: 'talker.model.layers.1.mlp.gate_proj.weight' }));
    await expect(done).rejects.toMatchObject({
      name: 'ParleyError',
      code: 'INVALID_INPUT',
      message: expect.stringContaining('tensor talker.model.layers.1.mlp.gate_proj.weight not found'),
    });
    expect(existsSync(outDir)).toBe(false);
  });

  it('a config.json with the wrong hidden size: the error names the first tensor and both shapes', async () => {
    const { done } = convert(editedCheckpoint({ config: (json) => (json.talker_config.hidden_size = 48) }));
    await expect(done).rejects.toThrow(
      /tensor talker\.text_projection\.linear_fc2\.weight has shape \[32, 16\], expected \[48, 16\] .*\(and \d+ more tensors\)/,
    );
  });

  it('no codec decoder (no speech_tokenizer/ and no --codec), an unsupported precision, or no checkpoint directory', async () => {
    const noSpeechTokenizer = temporaryDir();
    await generateStandinCheckpoint(noSpeechTokenizer, { speechTokenizer: false });
    await expect(convert(noSpeechTokenizer, {}).done).rejects.toThrow(
      /tokenizer12hz_decode\.onnx .* is required: the checkpoint directory .* has none; pass --codec DIR/,
    );
    await expect(convert(checkpoint, { codecDir: standin, precision: 'fp16' as WeightPrecision }).done).rejects.toThrow(
      'precision fp16 is not supported; supported: fp32, int8, q4',
    );
    await expect(convert(join(checkpoint, 'nope')).done).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/checkpoint directory .*nope does not exist/),
    });
  });
});
