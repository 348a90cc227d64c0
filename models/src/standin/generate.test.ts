import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMUNITY_GRAPH_NAMES } from '@parley/qwen3-contract';
import { CODEC_IDS, CODEC_VOCAB_SIZE, TEXT_IDS } from '../contract.js';
import { onnx } from '../onnx/proto.js';
import { float32, floats, freshStandin, int64, maxAbsDiff, openGraph, randomFloats, tail, removeTemporaryDirs } from '../testing/ort.js';
import { MANIFEST_FILE, readManifest, STANDIN_GENERATOR_VERSION } from './manifest.js';
import { DEFAULT_STANDIN_SIZES } from './sizes.js';

const read = (dir: string, file: string) => readFileSync(join(dir, file));
/** Initializer name → raw bytes of one graph file. */
function initializers(dir: string, graph: string): Map<string, Buffer> {
  const model = onnx.ModelProto.decode(read(dir, `${graph}.onnx`));
  return new Map((model.graph?.initializer ?? []).map((t) => [t.name ?? '', Buffer.from(t.rawData ?? [])]));
}

let defaults: string;

beforeAll(async () => {
  defaults = await freshStandin();
});

afterAll(removeTemporaryDirs);

describe('generateStandinModel', () => {
  it('writes the nine graphs, config.json and the manifest, and nothing else', () => {
    const expected = [...COMMUNITY_GRAPH_NAMES.map((n) => `${n}.onnx`), 'config.json', MANIFEST_FILE].sort();
    expect(readdirSync(defaults).sort()).toEqual(expected);
  });

  it('is deterministic: the same seed gives byte-identical files', async () => {
    const again = await freshStandin();
    for (const file of readdirSync(defaults)) expect(read(again, file).equals(read(defaults, file)), file).toBe(true);
  });

  it("a different seed changes every weight but not the graphs' shapes", async () => {
    const other = await freshStandin({ seed: 2 });
    const [a, b] = [initializers(defaults, 'talker_decode'), initializers(other, 'talker_decode')];
    expect([...b.keys()]).toEqual([...a.keys()]);
    const weights = [...a.keys()].filter((name) => name.startsWith('talker.'));
    expect(weights.length).toBeGreaterThan(10);
    for (const name of weights) expect(a.get(name)!.equals(b.get(name)!), name).toBe(false);
    expect(read(other, 'config.json').equals(read(defaults, 'config.json'))).toBe(true);
  });

  it('prefill and decode graphs carry identical talker weights', () => {
    const [prefill, decode] = [initializers(defaults, 'talker_prefill'), initializers(defaults, 'talker_decode')];
    const names = [...prefill.keys()].filter((name) => name.startsWith('talker.'));
    for (const name of names) expect(decode.get(name)?.equals(prefill.get(name)!), name).toBe(true);
  });

  it('writes config.json in the official layout with the special ids and the stand-in sizes', () => {
    const config = JSON.parse(read(defaults, 'config.json').toString()) as Record<string, any>;
    expect(config).toMatchObject({
      tts_bos_token_id: TEXT_IDS.ttsBos,
      tts_eos_token_id: TEXT_IDS.ttsEos,
      tts_pad_token_id: TEXT_IDS.ttsPad,
      im_start_token_id: 151_644,
    });
    const talker = config.talker_config;
    expect(talker).toMatchObject({
      hidden_size: DEFAULT_STANDIN_SIZES.hidden,
      num_hidden_layers: DEFAULT_STANDIN_SIZES.layers,
      num_key_value_heads: DEFAULT_STANDIN_SIZES.kvHeads,
    });
    expect(talker).toMatchObject({
      vocab_size: CODEC_VOCAB_SIZE,
      text_vocab_size: 151_936,
      codec_eos_token_id: CODEC_IDS.eos,
      codec_think_eos_id: 2157,
    });
    expect(talker.spk_id).toMatchObject({ eric: 2875, dylan: 2878, serena: 3066 });
    expect(talker.spk_is_dialect).toMatchObject({ eric: 'sichuan_dialect', dylan: 'beijing_dialect', vivian: false });
    expect(talker.codec_language_id).toMatchObject({ english: 2050, chinese: 2055, beijing_dialect: 2074 });
    expect(talker.code_predictor_config).toMatchObject({
      hidden_size: DEFAULT_STANDIN_SIZES.cpHidden,
      vocab_size: 2048,
      num_code_groups: 16,
    });
    expect(talker.rope_scaling.mrope_section.reduce((a: number, b: number) => a + b, 0)).toBe(DEFAULT_STANDIN_SIZES.headDim / 2);
  });

  it('writes a manifest naming the generator version, seed, sizes and every file with its size', () => {
    const manifest = readManifest(defaults)!;
    expect(manifest).toMatchObject({
      generatorVersion: STANDIN_GENERATOR_VERSION,
      seed: 1,
      lastHiddenAllPositions: false,
      weights: 'random(seed=1)',
    });
    expect(manifest.sizes).toEqual(DEFAULT_STANDIN_SIZES);
    expect(manifest.files['talker_prefill.onnx']).toBe(read(defaults, 'talker_prefill.onnx').byteLength);
  });

  it("lastHiddenAllPositions emits last_hidden [1,T,H] whose last row is the default model's [1,1,H]", async () => {
    const H = DEFAULT_STANDIN_SIZES.hidden;
    const all = await openGraph(await freshStandin({ lastHiddenAllPositions: true }), 'talker_prefill');
    const last = await openGraph(defaults, 'talker_prefill');
    const feeds = { inputs_embeds: float32(randomFloats(5 * H, 41), [1, 5, H]), attention_mask: int64([1, 1, 1, 1, 1], [1, 5]) };
    const [a, b] = [await all.run(feeds), await last.run(feeds)];
    expect(a.last_hidden!.dims).toEqual([1, 5, H]);
    expect(maxAbsDiff(tail(floats(a.last_hidden), H), floats(b.last_hidden))).toBe(0);
    expect(all.outputMetadata.find((m) => m.name === 'last_hidden')).toMatchObject({ shape: [1, 'T', H] });
  });

  it('modelType base writes a Base config.json (tts_model_type base, no speakers) over the same graphs', async () => {
    const base = await freshStandin({ modelType: 'base' });
    const config = JSON.parse(read(base, 'config.json').toString()) as Record<string, any>;
    expect(config.tts_model_type).toBe('base');
    expect([config.talker_config.spk_id, config.talker_config.spk_is_dialect]).toEqual([{}, {}]);
    expect(config.talker_config.codec_language_id).toMatchObject({ english: 2050 });
    expect(read(base, 'speaker_encoder.onnx').equals(read(defaults, 'speaker_encoder.onnx'))).toBe(true);
    expect(readManifest(base)).toMatchObject({ modelType: 'base' });
    expect(readManifest(defaults)).not.toHaveProperty('modelType');
  });

  it('rejects sizes that cannot make a model', async () => {
    await expect(freshStandin({ sizes: { headDim: 7 } })).rejects.toThrow(/even/);
    await expect(freshStandin({ sizes: { heads: 3, kvHeads: 2 } })).rejects.toThrow(/multiple/);
  });
});
