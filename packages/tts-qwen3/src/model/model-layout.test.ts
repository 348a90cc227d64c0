import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeCopies, standinCopy, standinDir } from '../testing/standin.js';
import { loadModel } from './load-model.js';
import { PARLEY_LAYOUT_FILE } from '@parley/qwen3-contract';

afterAll(removeCopies);

const WITH_PARLEY = { layout: 'community+parley' } as const;

/** Loads `dir` with `layout`, releases it, and returns what was loaded. */
async function loaded(dir: string, layout?: 'auto' | 'community' | 'parley') {
  const model = await loadModel(dir, { threads: 1, ...(layout && { layout }) });
  await model.release();
  return {
    layout: model.layout,
    precision: model.precision,
    sizes: model.sizes,
    predictor: model.graphs.codePredictor.cache,
    talker: model.graphs.talkerDecode.name,
  };
}

/** A copy of the stand-in with both layouts whose parley-layout.json has `change` applied. */
async function withManifest(change: (manifest: Record<string, unknown>) => void): Promise<string> {
  const dir = await standinCopy(WITH_PARLEY);
  const manifest = JSON.parse(readFileSync(join(dir, PARLEY_LAYOUT_FILE), 'utf8')) as Record<string, unknown>;
  change(manifest);
  writeFileSync(join(dir, PARLEY_LAYOUT_FILE), JSON.stringify(manifest));
  return dir;
}

describe('model layouts', () => {
  it('auto loads the parley graphs when the directory has parley-layout.json, with the same sizes as the community ones', async () => {
    const dir = await standinDir(WITH_PARLEY);
    const parley = await loaded(dir);
    const community = await loaded(dir, 'community');
    expect(parley).toMatchObject({ layout: 'parley', precision: 'fp32', predictor: 'kv-cached', talker: 'parley_talker_decode' });
    expect(community).toMatchObject({ layout: 'community', predictor: 'none', talker: 'talker_decode' });
    expect(parley.sizes).toEqual(community.sizes);
  });

  it('auto loads the community layout from a directory without parley-layout.json', async () => {
    expect(await loaded(await standinDir())).toMatchObject({ layout: 'community', precision: 'fp32' });
  });

  it("refuses layout 'parley' for a community-only directory, naming parley-layout.json", async () => {
    await expect(loadModel(await standinDir(), { layout: 'parley' })).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: expect.stringMatching(/^parley-layout\.json: missing from/),
    });
  });

  it('loads a parley-only directory (no community talker or code predictor), as `parley models convert` writes', async () => {
    expect(await loaded(await standinDir({ layout: 'parley' }))).toMatchObject({ layout: 'parley' });
    await expect(loadModel(await standinDir({ layout: 'parley' }), { layout: 'community' })).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: expect.stringMatching(/^talker_prefill\.onnx: missing from .* \(a required graph of the community layout\)/),
    });
  });

  it('names a missing parley graph', async () => {
    const dir = await standinCopy(WITH_PARLEY);
    rmSync(join(dir, 'parley_code_predictor_step.onnx'));
    await expect(loadModel(dir)).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: expect.stringMatching(/^parley_code_predictor_step\.onnx: missing from .* \(a required graph of the parley layout\)/),
    });
  });

  it('reads the graph files the manifest names', async () => {
    const dir = await withManifest((manifest) => ((manifest.graphs as Record<string, string>).talker_decode = 'renamed_decode.onnx'));
    copyFileSync(join(dir, 'parley_talker_decode.onnx'), join(dir, 'renamed_decode.onnx'));
    rmSync(join(dir, 'parley_talker_decode.onnx'));
    expect(await loaded(dir)).toMatchObject({ layout: 'parley' });
  });

  it('refuses a community graph in a parley role, naming what it lacks', async () => {
    const dir = await standinCopy(WITH_PARLEY);
    copyFileSync(join(dir, 'talker_decode.onnx'), join(dir, 'parley_talker_decode.onnx'));
    await expect(loadModel(dir)).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: expect.stringMatching(/^parley_talker_decode\.onnx: expected input 'past_length' \(int64 of rank 1\), found none/),
    });
  });

  it.each([
    ['another layout version', (m: Record<string, unknown>) => (m.layoutVersion = 1), /layoutVersion 1 is not the 2 this engine reads/],
    ['an unknown precision', (m: Record<string, unknown>) => (m.precision = 'fp8'), /precision must be one of fp32, int8, q4, got fp8/],
    [
      'a graph path outside the directory',
      (m: Record<string, unknown>) => ((m.graphs as Record<string, string>).talker_decode = '../x.onnx'),
      /graphs\.talker_decode must be a file name/,
    ],
  ])('refuses a manifest with %s', async (_case, change, message) => {
    await expect(loadModel(await withManifest(change))).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: expect.stringMatching(message),
    });
  });

  it('refuses a manifest that is not JSON', async () => {
    const dir = await standinCopy(WITH_PARLEY);
    writeFileSync(join(dir, PARLEY_LAYOUT_FILE), '{');
    await expect(loadModel(dir)).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: expect.stringMatching(/^parley-layout\.json: not valid JSON/),
    });
  });
});
