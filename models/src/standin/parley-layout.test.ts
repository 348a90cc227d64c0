import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  COMMUNITY_GRAPH_NAMES,
  PARLEY_GRAPH_NAMES,
  PARLEY_LAYOUT_FILE,
  SHARED_GRAPH_NAMES,
  type ParleyLayoutManifest,
} from '@parley/qwen3-contract';
import { freshStandin, removeTemporaryDirs } from '../testing/ort.js';
import { MANIFEST_FILE, readManifest, standinHash } from './manifest.js';
import { resolveStandinOptions } from './options.js';
import { DEFAULT_STANDIN_SIZES } from './sizes.js';

afterAll(removeTemporaryDirs);

describe('stand-in layout option (docs/model.md#parley-layout)', () => {
  it('community+parley writes the nine community graphs, the parley graphs and parley-layout.json', async () => {
    const dir = await freshStandin({ layout: 'community+parley' });
    const graphs = [...COMMUNITY_GRAPH_NAMES, ...PARLEY_GRAPH_NAMES].map((n) => `${n}.onnx`);
    expect(readdirSync(dir).sort()).toEqual([...graphs, 'config.json', MANIFEST_FILE, PARLEY_LAYOUT_FILE].sort());
    const layout = JSON.parse(readFileSync(join(dir, PARLEY_LAYOUT_FILE), 'utf8')) as ParleyLayoutManifest;
    expect(layout).toMatchObject({
      layout: 'community+parley',
      precision: 'fp32',
      kvLayout: 'head-major-capacity',
      sizes: DEFAULT_STANDIN_SIZES,
    });
    expect(layout.graphs).toMatchObject({
      talker_decode: 'parley_talker_decode.onnx',
      code_predictor_step: 'parley_code_predictor_step.onnx',
      codec_embed: 'codec_embed.onnx',
    });
    expect(Object.values(layout.graphs).every((f) => readdirSync(dir).includes(f))).toBe(true);
    expect(readManifest(dir)).toMatchObject({ layout: 'community+parley' });
  });

  it('the community layout keeps its old hash (cached stand-ins keep their directory); parley gets its own', () => {
    const plain = resolveStandinOptions();
    expect(standinHash(resolveStandinOptions({ layout: 'community' }))).toBe(standinHash(plain));
    expect(standinHash(resolveStandinOptions({ layout: 'community+parley' }))).not.toBe(standinHash(plain));
  });

  it('shares the community graphs byte for byte with a community-only stand-in', async () => {
    const [plain, both] = await Promise.all([freshStandin(), freshStandin({ layout: 'community+parley' })]);
    for (const name of COMMUNITY_GRAPH_NAMES)
      expect(readFileSync(join(both, `${name}.onnx`)).equals(readFileSync(join(plain, `${name}.onnx`))), name).toBe(true);
    expect(readManifest(plain)?.layout).toBeUndefined();
  });

  it('parley writes only the graphs the parley path runs, from the same weights', async () => {
    const [both, parley] = await Promise.all([freshStandin({ layout: 'community+parley' }), freshStandin({ layout: 'parley' })]);
    const graphs = [...SHARED_GRAPH_NAMES, ...PARLEY_GRAPH_NAMES].map((n) => `${n}.onnx`);
    expect(readdirSync(parley).sort()).toEqual([...graphs, 'config.json', MANIFEST_FILE, PARLEY_LAYOUT_FILE].sort());
    expect(JSON.parse(readFileSync(join(parley, PARLEY_LAYOUT_FILE), 'utf8'))).toMatchObject({ layout: 'parley' });
    for (const file of graphs) expect(readFileSync(join(parley, file)).equals(readFileSync(join(both, file))), file).toBe(true);
  });

  it('rejects an unknown layout', () => {
    expect(() => resolveStandinOptions({ layout: 'fast' as never })).toThrow(
      'layout must be one of community, community+parley, parley, got fast',
    );
  });

  it.each(['int8', 'q4'] as const)(
    'precision %s writes smaller MatMulNBits parley graphs, says so in parley-layout.json, and leaves the community graphs fp32',
    async (precision) => {
      const [fp32, quantized] = await Promise.all([
        freshStandin({ layout: 'community+parley', seed: 3 }),
        freshStandin({ layout: 'community+parley', seed: 3, precision }),
      ]);
      expect(JSON.parse(readFileSync(join(quantized, PARLEY_LAYOUT_FILE), 'utf8'))).toMatchObject({ precision });
      expect(readManifest(quantized)).toMatchObject({ precision });
      const bytes = (dir: string, name: string) => statSync(join(dir, `${name}.onnx`)).size;
      for (const name of PARLEY_GRAPH_NAMES.filter((graph) => !graph.endsWith('_kv_append') && graph !== 'parley_codec_decode_streaming')) {
        expect(readFileSync(join(quantized, `${name}.onnx`)).includes('MatMulNBits'), name).toBe(true);
        expect(bytes(quantized, name), name).toBeLessThan(bytes(fp32, name));
      }
      for (const name of COMMUNITY_GRAPH_NAMES)
        expect(readFileSync(join(quantized, `${name}.onnx`)).equals(readFileSync(join(fp32, `${name}.onnx`))), name).toBe(true);
    },
  );

  it('refuses a quantized precision without the parley layout, and an unknown one', () => {
    expect(() => resolveStandinOptions({ precision: 'q4' })).toThrow('precision q4 needs a parley layout');
    expect(() => resolveStandinOptions({ layout: 'community+parley', precision: 'fp16' as never })).toThrow(
      'precision must be one of fp32, int8, q4',
    );
    expect(standinHash(resolveStandinOptions({ layout: 'community+parley', precision: 'fp32' }))).toBe(
      standinHash(resolveStandinOptions({ layout: 'community+parley' })),
    );
  });
});
