import { setTimeout as delay } from 'node:timers/promises';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_MODEL, HubServer } from '../testing/hub-server.js';
import { useHubHarness } from '../testing/hub-harness.js';
import { fetchModel } from './fetch-model.js';
import type { ModelManifest } from './manifest.js';

const { fixture, startHub, forgetHub, fetchInto } = useHubHarness();
const BIG = 'onnx/text_project.onnx';

/** The fixture manifest with the big file's entry changed. */
function withBigFile(change: Record<string, unknown>): ModelManifest {
  const entry = fixture().manifest.models[FIXTURE_MODEL]!;
  const files = entry.files.map((file) => (file.path === BIG ? { ...file, ...change } : file));
  return { models: { [FIXTURE_MODEL]: { ...entry, files } } };
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'parley-fetch-'));
const onlyBig = (reply: ReturnType<HubServer['reply']>) => (request: { path: string }) => (request.path.endsWith(BIG) ? reply : 'ok');

describe('fetchModel failures', () => {
  it('rejects an unknown model name with INVALID_INPUT listing the known ones, before any request', async () => {
    const server = await startHub();
    await expect(fetchModel('nope', { manifest: fixture().manifest, endpoint: server.endpoint, dir: tempDir() })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining(`unknown model "nope"; known models: ${FIXTURE_MODEL}`),
    });
    expect(server.requests).toEqual([]);
  });

  it('a 404 is MODEL_NOT_FOUND and is not retried', async () => {
    const server = await startHub();
    server.reply = onlyBig(404);
    await expect(fetchInto(tempDir(), { retry: { attempts: 3, baseDelayMs: 1 } })).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
      retryable: false,
    });
    expect(server.dataRequests(BIG)).toHaveLength(1);
  });

  it('a 401 is UNAUTHORIZED with a hint to set HF_TOKEN; a 403 with a token says to check it', async () => {
    const server = await startHub();
    server.reply = onlyBig(401);
    await expect(fetchInto(tempDir())).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/set HF_TOKEN/) });
    server.reply = onlyBig(403);
    await expect(fetchInto(tempDir(), { token: 'hf_x' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringMatching(/HF_TOKEN is set but was refused/),
    });
  });

  it('retries a 5xx a bounded number of times, then fails with a retryable INTERNAL error', async () => {
    const server = await startHub();
    server.reply = onlyBig(502);
    await expect(fetchInto(tempDir(), { retry: { attempts: 3, baseDelayMs: 1 } })).rejects.toMatchObject({
      code: 'INTERNAL',
      retryable: true,
      message: expect.stringMatching(/502/),
    });
    expect(server.dataRequests(BIG)).toHaveLength(3);
  });

  it('a connection refused is a retryable NETWORK error, not a hang, and leaves no empty part behind', async () => {
    const closed = await startHub();
    const endpoint = closed.endpoint;
    await closed.close();
    forgetHub();
    const dir = tempDir();
    await expect(fetchInto(dir, { endpoint })).rejects.toMatchObject({
      code: 'NETWORK',
      retryable: true,
      message: expect.stringMatching(/network error/),
    });
    expect(readdirSync(dir, { recursive: true }).filter((name) => String(name).endsWith('.part'))).toEqual([]);
  });

  it('a corrupted download (right size, wrong bytes) fails the sha256 check and leaves nothing under the final name', async () => {
    const server = await startHub();
    server.reply = onlyBig('corrupt');
    const dir = tempDir();
    await expect(fetchInto(dir)).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/sha256 mismatch/) });
    expect(existsSync(join(dir, 'text_project.onnx'))).toBe(false);
    expect(existsSync(join(dir, 'text_project.onnx.part'))).toBe(false);
  });

  it('without a sha256 in the manifest, checks the one the hub announces in X-Linked-Etag', async () => {
    const server = await startHub({ redirect: 'same-origin', announceSha256: true });
    server.reply = onlyBig('corrupt');
    const dir = tempDir();
    const manifest = withBigFile({ sha256: undefined });
    await expect(fetchInto(dir, { manifest })).rejects.toMatchObject({ message: expect.stringMatching(/sha256 mismatch/) });
    expect(existsSync(join(dir, 'text_project.onnx'))).toBe(false);
  });

  it('says the manifest is out of date when the server has another size', async () => {
    await startHub();
    const manifest = withBigFile({ size: fixture().byTarget['text_project.onnx']!.length + 1 });
    await expect(fetchInto(tempDir(), { manifest })).rejects.toMatchObject({
      code: 'INTERNAL',
      retryable: false,
      message: expect.stringMatching(/manifest entry is out of date/),
    });
  });

  it('a stalled server times out with a retryable error instead of hanging, keeping what arrived', async () => {
    const server = await startHub();
    server.reply = onlyBig('stall');
    const dir = tempDir();
    const started = performance.now();
    const fetching = fetchInto(dir, { stallTimeoutMs: 200, retry: { attempts: 2, baseDelayMs: 1 } });
    await expect(fetching).rejects.toMatchObject({
      code: 'INTERNAL',
      retryable: true,
      message: expect.stringMatching(/no data from 127\.0\.0\.1:\d+ for 0\.2 s/),
    });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(server.dataRequests(BIG)).toHaveLength(2);
    expect(statSync(join(dir, 'text_project.onnx.part')).size).toBeGreaterThan(0);
  });

  it('cancelling with an AbortSignal stops at once with CANCELLED and leaves a resumable .part', async () => {
    const server = await startHub();
    server.reply = (request, nth) => (request.path.endsWith(BIG) && nth === 0 ? 'stall' : 'ok');
    const dir = tempDir();
    const controller = new AbortController();
    const onProgress = (event: { type: string }) => event.type === 'bytes' && controller.abort();
    await expect(fetchInto(dir, { signal: controller.signal, onProgress })).rejects.toMatchObject({ code: 'CANCELLED' });
    const requestsAtCancel = server.requests.length;
    const part = readFileSync(join(dir, 'text_project.onnx.part'));
    expect(part.length).toBeGreaterThan(0);
    await delay(50);
    expect(server.requests.length).toBe(requestsAtCancel); // nothing more was asked for after the cancel
    await fetchInto(dir);
    expect(server.dataRequests(BIG)[1]?.range).toBe(`bytes=${part.length}-`);
    expect(readFileSync(join(dir, 'text_project.onnx')).equals(fixture().byTarget['text_project.onnx']!)).toBe(true);
  });

  it('an already aborted signal is CANCELLED whatever step it meets, with no request', async () => {
    const server = await startHub();
    const dir = tempDir();
    await expect(fetchInto(dir, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'CANCELLED' });
    await fetchInto(dir);
    const requests = server.requests.length;
    await expect(fetchInto(dir, { signal: AbortSignal.abort(), verify: true })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(server.requests.length).toBe(requests);
  });

  it('refuses to start when the disk cannot hold the model', async () => {
    const server = await startHub();
    const fetching = fetchInto(tempDir(), { freeBytes: async () => 1_000 });
    await expect(fetching).rejects.toMatchObject({
      code: 'INTERNAL',
      retryable: false,
      message: expect.stringMatching(/not enough disk space/),
    });
    expect(server.requests).toEqual([]);
  });
});
