import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FIXTURE_MODEL, HubServer } from '../testing/hub-server.js';
import { useHubHarness } from '../testing/hub-harness.js';
import { fetchModel } from './fetch-model.js';
import type { FetchProgress } from './fetch-progress.js';
import { inspectModel } from './local-state.js';
import { LOCK_FILE, readLock } from './lock-file.js';

const { fixture, startHub, fetchInto } = useHubHarness();
const BIG = 'onnx/text_project.onnx';

function expectSameFiles(dir: string): void {
  for (const [target, content] of Object.entries(fixture().byTarget)) {
    expect(readFileSync(join(dir, target)).equals(content), target).toBe(true);
    expect(existsSync(join(dir, `${target}.part`)), `${target}.part`).toBe(false);
  }
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'parley-fetch-'));

afterEach(() => vi.unstubAllEnvs());

describe('fetchModel', () => {
  it("downloads every file through the hub's redirect, verifies it, and records size and sha256 in the lock", async () => {
    await startHub({ redirect: 'same-origin' });
    const dir = tempDir();
    const events: FetchProgress[] = [];
    const model = await fetchInto(dir, { onProgress: (event) => events.push(event) });
    expectSameFiles(dir);
    expect(model.files.map((file) => [file.target, file.downloaded])).toEqual(
      Object.keys(fixture().byTarget).map((target) => [target, true]),
    );
    const lock = readLock(dir)!;
    expect(lock).toMatchObject({ model: FIXTURE_MODEL, repo: 'test/standin', revision: 'main' });
    const configSha = model.files.find((file) => file.target === 'config.json')!.sha256;
    expect(lock.files['config.json']).toMatchObject({
      path: 'tok/config.json',
      size: fixture().byTarget['config.json']!.length,
      sha256: configSha,
    });
    const verified = events.flatMap((event) => (event.type === 'file-done' ? [[event.target, event.verified]] : []));
    expect(verified).toEqual([
      ['text_project.onnx', 'sha256'],
      ['codec_embed.onnx', 'sha256'],
      ['speaker_encoder.onnx', 'size'],
      ['config.json', 'none'],
    ]);
    const last = events.filter((event) => event.type === 'bytes').at(-1);
    const total = Object.values(fixture().byTarget).reduce((sum, content) => sum + content.length, 0);
    expect(last).toMatchObject({ doneBytes: total, totalBytes: total, receivedBytes: total });
    expect((await inspectModel(FIXTURE_MODEL, fixture().manifest.models[FIXTURE_MODEL]!, dir, { hash: true })).complete).toBe(true);
  });

  it('without a dir, fetches into the cache ($PARLEY_CACHE here) and says where once', async () => {
    await startHub();
    const cache = tempDir();
    vi.stubEnv('PARLEY_MODELS_DIR', '');
    vi.stubEnv('PARLEY_CACHE', cache);
    const notices: string[] = [];
    const model = await fetchInto(undefined, { onNotice: (line) => notices.push(line) });
    expect(model.dir).toBe(join(cache, FIXTURE_MODEL));
    expectSameFiles(model.dir);
    await fetchInto(undefined, { onNotice: (line) => notices.push(line) });
    expect(notices).toEqual([`fetching ${FIXTURE_MODEL} into ${model.dir}`]);
  });

  it('does not request anything again once the model is complete', async () => {
    const server = await startHub();
    const dir = tempDir();
    await fetchInto(dir);
    const requestsBefore = server.requests.length;
    const events: FetchProgress[] = [];
    const again = await fetchInto(dir, { onProgress: (event) => events.push(event) });
    expect(server.requests.length).toBe(requestsBefore);
    expect(again.files.every((file) => !file.downloaded)).toBe(true);
    expect(events.filter((event) => event.type === 'present')).toHaveLength(4);
  });

  it('resumes an interrupted transfer on the next run with a Range request, ending byte-identical', async () => {
    const server = await startHub();
    server.reply = (request, nth) => (request.path.endsWith(BIG) && nth === 0 ? 'cut' : 'ok');
    const dir = tempDir();
    await expect(fetchInto(dir)).rejects.toMatchObject({ code: 'NETWORK', retryable: true });
    const partBytes = readFileSync(join(dir, 'text_project.onnx.part')).length;
    expect(partBytes).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'text_project.onnx'))).toBe(false);
    const model = await fetchInto(dir);
    expect(server.dataRequests(BIG).map((request) => request.range)).toEqual([undefined, `bytes=${partBytes}-`]);
    expectSameFiles(dir);
    expect(model.files[0]).toMatchObject({ target: 'text_project.onnx', downloaded: true });
  });

  it('retries a dropped connection by itself, resuming where it broke off', async () => {
    const server = await startHub({ redirect: 'same-origin' });
    server.reply = (request, nth) => (request.path.endsWith(BIG) && nth < 2 ? 'cut' : 'ok');
    const dir = tempDir();
    const notices: string[] = [];
    const onProgress = (event: FetchProgress) => event.type === 'notice' && notices.push(event.message);
    await fetchInto(dir, { retry: { attempts: 3, baseDelayMs: 1 }, onProgress });
    const ranges = server.dataRequests(BIG).map((request) => request.range);
    expect(ranges).toHaveLength(3);
    expect(ranges[0]).toBeUndefined();
    expect(ranges.slice(1).every((range) => /^bytes=[1-9]\d*-$/.test(range ?? ''))).toBe(true);
    expect(notices.filter((message) => /retrying in/.test(message))).toHaveLength(2);
    expectSameFiles(dir);
  });

  it('starts over cleanly when the server ignores the Range request', async () => {
    const server = await startHub();
    server.reply = (request, nth) => (!request.path.endsWith(BIG) ? 'ok' : nth === 0 ? 'cut' : 'ignore-range');
    const dir = tempDir();
    await expect(fetchInto(dir)).rejects.toMatchObject({ code: 'NETWORK' });
    const notices: string[] = [];
    await fetchInto(dir, { onProgress: (event) => event.type === 'notice' && notices.push(event.message) });
    expect(server.dataRequests(BIG)[1]?.range).toMatch(/^bytes=[1-9]\d*-$/);
    expect(notices).toContainEqual(expect.stringMatching(/ignored the Range request; downloading from the start/));
    expectSameFiles(dir);
  });

  it('takes a complete .part that was never renamed: no request when the size is known, a 416 answer when not', async () => {
    const server = await startHub();
    const dir = tempDir();
    writeFileSync(join(dir, 'codec_embed.onnx.part'), fixture().byTarget['codec_embed.onnx']!);
    writeFileSync(join(dir, 'config.json.part'), fixture().byTarget['config.json']!);
    await fetchInto(dir);
    expect(server.dataRequests('onnx/codec_embed.onnx')).toEqual([]);
    expect(server.dataRequests('tok/config.json').map((request) => request.range)).toEqual([
      `bytes=${fixture().byTarget['config.json']!.length}-`,
    ]);
    expectSameFiles(dir);
  });

  it('downloads again from the start when a resumed part was damaged on disk', async () => {
    const server = await startHub();
    const dir = tempDir();
    const half = fixture().byTarget['text_project.onnx']!.length >> 1;
    writeFileSync(join(dir, 'text_project.onnx.part'), Buffer.alloc(half, 7));
    await fetchInto(dir);
    expect(server.dataRequests(BIG).map((request) => request.range)).toEqual([`bytes=${half}-`, undefined]);
    expectSameFiles(dir);
  });

  it('with verify, re-hashes present files and replaces one corrupted on disk since it was fetched', async () => {
    const server = await startHub();
    const dir = tempDir();
    await fetchInto(dir);
    const path = join(dir, 'config.json');
    const bytes = readFileSync(path);
    bytes[0] = bytes[0]! ^ 1; // same size: only the lock's sha256 can tell
    writeFileSync(path, bytes);
    const entry = fixture().manifest.models[FIXTURE_MODEL]!;
    expect((await inspectModel(FIXTURE_MODEL, entry, dir)).complete).toBe(true);
    const hashed = await inspectModel(FIXTURE_MODEL, entry, dir, { hash: true });
    expect(hashed.files.find((local) => local.file.target === 'config.json')?.state).toBe('corrupt');
    const before = server.requests.length;
    await fetchInto(dir, { verify: true });
    expect(server.requests.length).toBe(before + 1);
    expectSameFiles(dir);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
  });

  it('verifies files the manifest has no sha256 for against the one the hub announces (X-Linked-Etag)', async () => {
    await startHub({ redirect: 'same-origin', announceSha256: true });
    const events: FetchProgress[] = [];
    await fetchInto(tempDir(), { onProgress: (event) => events.push(event) });
    const verified = events.flatMap((event) => (event.type === 'file-done' ? [event.verified] : []));
    expect(verified).toEqual(['sha256', 'sha256', 'sha256', 'sha256']);
  });

  it('sends HF_TOKEN to the hub but not to a CDN on another origin', async () => {
    const cdn = await HubServer.start({ files: fixture().files });
    try {
      const server = await startHub({ redirect: { cdn: cdn.endpoint } });
      await fetchInto(tempDir(), { token: 'hf_secret' });
      expect(server.requests.every((request) => request.authorization === 'Bearer hf_secret')).toBe(true);
      expect(cdn.requests).toHaveLength(4);
      expect(cdn.requests.every((request) => request.authorization === undefined)).toBe(true);
    } finally {
      await cdn.close();
    }
  });
});
