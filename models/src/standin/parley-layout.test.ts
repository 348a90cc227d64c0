import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GRAPH_NAMES } from '../contract.js';
import { PARLEY_GRAPH_NAMES } from '../graphs/parley/build-parley-graph.js';
import { PARLEY_LAYOUT_FILE, type ParleyLayoutManifest } from '../graphs/parley/layout-manifest.js';
import { freshStandin, removeTemporaryDirs } from '../test-support/ort.js';
import { MANIFEST_FILE, readManifest, standinHash } from './manifest.js';
import { resolveStandinOptions } from './options.js';
import { DEFAULT_STANDIN_SIZES } from './sizes.js';

afterAll(removeTemporaryDirs);

describe('stand-in layout option (issue 7)', () => {
  it('community+parley writes the nine community graphs, the four parley graphs and parley-layout.json', async () => {
    const dir = await freshStandin({ layout: 'community+parley' });
    const graphs = [...GRAPH_NAMES, ...PARLEY_GRAPH_NAMES].map((n) => `${n}.onnx`);
    expect(readdirSync(dir).sort()).toEqual([...graphs, 'config.json', MANIFEST_FILE, PARLEY_LAYOUT_FILE].sort());
    const layout = JSON.parse(readFileSync(join(dir, PARLEY_LAYOUT_FILE), 'utf8')) as ParleyLayoutManifest;
    expect(layout).toMatchObject({ layout: 'community+parley', precision: 'fp32', kvLayout: 'time-major', sizes: DEFAULT_STANDIN_SIZES });
    expect(layout.graphs).toMatchObject({ talker_decode: 'parley_talker_decode.onnx', code_predictor_step: 'parley_code_predictor_step.onnx', codec_embed: 'codec_embed.onnx' });
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
    for (const name of GRAPH_NAMES) expect(readFileSync(join(both, `${name}.onnx`)).equals(readFileSync(join(plain, `${name}.onnx`))), name).toBe(true);
    expect(readManifest(plain)?.layout).toBeUndefined();
  });

  it('rejects an unknown layout', () => {
    expect(() => resolveStandinOptions({ layout: 'parley' as never })).toThrow(/layout/);
  });
});
