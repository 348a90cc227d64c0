import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { COMMUNITY_GRAPH_NAMES } from '@parley/qwen3-contract';
import { removeTemporaryDirs, temporaryDir } from '../testing/ort.js';
import { ensureStandinModel } from './ensure.js';
import { MANIFEST_FILE, readManifest, standinHash } from './manifest.js';
import { resolveStandinOptions } from './options.js';

afterAll(removeTemporaryDirs);
afterEach(() => vi.unstubAllEnvs());

const mtime = (dir: string) => statSync(join(dir, 'talker_decode.onnx')).mtimeMs;

describe('ensureStandinModel', () => {
  it('defaults to standin-<hash> in $PARLEY_CACHE, and says once that it generated it there, then that it uses it', async () => {
    const cache = temporaryDir();
    vi.stubEnv('PARLEY_CACHE', cache);
    const notices: string[] = [];
    const dir = await ensureStandinModel(undefined, { seed: 3, onNotice: (line) => notices.push(line) });
    expect(dir).toBe(join(cache, `standin-${standinHash(resolveStandinOptions({ seed: 3 }))}`));
    await ensureStandinModel(undefined, { seed: 3, onNotice: (line) => notices.push(line) });
    expect(notices).toEqual([`generating the random-weight stand-in model (noise, not speech) into ${dir}`]);
    const named = join(temporaryDir(), 'named');
    await ensureStandinModel(named, { onNotice: (line) => notices.push(line) });
    expect(notices).toHaveLength(1); // a directory the caller names is theirs to know
  });

  it('names its directory by a hash covering seed, sizes and options', () => {
    const hash = standinHash(resolveStandinOptions());
    expect(standinHash(resolveStandinOptions({ seed: 2 }))).not.toBe(hash);
    expect(standinHash(resolveStandinOptions({ sizes: { layers: 3 } }))).not.toBe(hash);
    expect(standinHash(resolveStandinOptions({ lastHiddenAllPositions: true }))).not.toBe(hash);
    expect(standinHash(resolveStandinOptions({ modelType: 'base' }))).not.toBe(hash);
    expect(standinHash(resolveStandinOptions({ sizes: { layers: 2 } }))).toBe(hash); // spelled-out defaults are the same model
    expect(standinHash(resolveStandinOptions({ modelType: 'custom_voice' }))).toBe(hash);
  });

  it('generates once, then reuses the directory while its manifest matches', async () => {
    const dir = join(temporaryDir(), 'standin');
    expect(await ensureStandinModel(dir)).toBe(dir);
    const first = mtime(dir);
    await ensureStandinModel(dir);
    expect(mtime(dir)).toBe(first);
  });

  it('regenerates a stale directory: another seed, an older generator, or a truncated file', async () => {
    const dir = join(temporaryDir(), 'standin');
    await ensureStandinModel(dir);
    await ensureStandinModel(dir, { seed: 9 });
    expect(readManifest(dir)?.seed).toBe(9);
    const manifest = JSON.parse(JSON.stringify(readManifest(dir))) as Record<string, unknown>;
    writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify({ ...manifest, generatorVersion: 0 }));
    await ensureStandinModel(dir, { seed: 9 });
    expect(readManifest(dir)?.generatorVersion).toBeGreaterThan(0);
    writeFileSync(join(dir, 'code_predictor.onnx'), 'truncated');
    await ensureStandinModel(dir, { seed: 9 });
    expect(statSync(join(dir, 'code_predictor.onnx')).size).toBeGreaterThan(1000);
  });

  it('concurrent callers all get one complete directory and leave no temporary siblings', async () => {
    const parent = temporaryDir();
    const dir = join(parent, 'standin');
    const results = await Promise.all([ensureStandinModel(dir), ensureStandinModel(dir), ensureStandinModel(dir)]);
    expect(new Set(results)).toEqual(new Set([dir]));
    expect(readdirSync(parent)).toEqual(['standin']);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining([...COMMUNITY_GRAPH_NAMES.map((n) => `${n}.onnx`), MANIFEST_FILE]));
  });
});
