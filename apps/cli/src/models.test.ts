import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureStandinModel, generateStandinCheckpoint } from '@parley/models';

const PARLEY = fileURLToPath(new URL('../bin/parley.js', import.meta.url));
const MODEL = 'standin-test';
const FILES = ['text_project.onnx', 'codec_embed.onnx', 'config.json'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the real `parley` command; `done` settles when it exits. */
function start(args: string[]): { child: ChildProcess; done: Promise<Run> } {
  const { PARLEY_HF_ENDPOINT: _a, HF_ENDPOINT: _b, HF_TOKEN: _c, PARLEY_MODELS_DIR: _d, ...env } = process.env;
  const child = spawn(process.execPath, [PARLEY, ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<Run>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

const parley = (args: string[]) => start(args).done;

/**
 * A minimal hub on 127.0.0.1 serving stand-in files at `/test/standin/resolve/main/files/<name>`,
 * honouring `Range: bytes=N-`. With `stall`, the first request for that file gets half its bytes
 * and then silence; `stalled` resolves once that half is on the wire.
 */
class LocalHub {
  readonly ranges: Array<string | undefined> = [];
  stall: string | undefined;
  stalled: Promise<void>;
  private markStalled = (): void => {};
  private readonly server: Server;

  constructor(private readonly files: Record<string, Buffer>) {
    this.stalled = new Promise((resolve) => (this.markStalled = resolve));
    this.server = createServer((req, res) => {
      const name = /^\/test\/standin\/resolve\/main\/files\/(.+)$/.exec(req.url ?? '')?.[1] ?? '';
      const content = this.files[name];
      if (!content) return void res.writeHead(404).end();
      if (name === FILES[0]) this.ranges.push(req.headers.range);
      const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
      const headers = { 'content-length': String(content.length - from) };
      if (from > 0) res.writeHead(206, { ...headers, 'content-range': `bytes ${from}-${content.length - 1}/${content.length}` });
      else res.writeHead(200, headers);
      if (name !== this.stall) return void res.end(content.subarray(from));
      this.stall = undefined;
      res.write(content.subarray(0, content.length >> 1), () => this.markStalled());
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): void {
    this.server.closeAllConnections();
    this.server.close();
  }
}

let files: Record<string, Buffer>;
let manifestPath: string;
let hub: LocalHub | undefined;

beforeAll(async () => {
  const standin = await ensureStandinModel();
  files = Object.fromEntries(FILES.map((name) => [name, readFileSync(join(standin, name))]));
  const entries = FILES.map((name) => ({
    path: `files/${name}`,
    target: name,
    ...(name.endsWith('.onnx') ? { size: files[name]!.length } : {}),
  }));
  manifestPath = join(mkdtempSync(join(tmpdir(), 'parley-manifest-')), 'manifest.json');
  writeFileSync(manifestPath, JSON.stringify({ models: { [MODEL]: { repo: 'test/standin', revision: 'main', files: entries } } }));
});

afterEach(() => {
  hub?.close();
  hub = undefined;
});

async function startHub(): Promise<string> {
  hub = new LocalHub(files);
  return hub.listen();
}

function expectFetched(dir: string): void {
  for (const name of FILES) expect(readFileSync(join(dir, name)).equals(files[name]!), name).toBe(true);
  expect(existsSync(join(dir, 'parley-model.json'))).toBe(true);
}

describe('parley models', () => {
  it('fetch downloads a model from --endpoint into --dir, and list then shows it complete', async () => {
    const endpoint = await startHub();
    const root = mkdtempSync(join(tmpdir(), 'parley-models-'));
    const dir = join(root, MODEL);
    const run = await parley(['models', 'fetch', MODEL, '--manifest', manifestPath, '--endpoint', endpoint, '--dir', dir]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/fetching standin-test into .*: 3 files/);
    expect(run.stderr).toMatch(/text_project\.onnx: 9\.7 MB, size ok/);
    expect(run.stdout).toMatch(/standin-test: 3 files, .* \(3 downloaded, 0 already here\)\nuse it with: parley serve --model /);
    expectFetched(dir);
    const after = await parley(['models', 'list', '--manifest', manifestPath, '--dir', root, '--verify']);
    expect(after).toMatchObject({ code: 0, stdout: expect.stringContaining(`${MODEL}  complete`) });
    expect(after.stdout).toContain(`test/standin@main: 3 files, 10.1 MB\n  ${dir}`);
  });

  it('Ctrl-C stops a fetch and leaves a .part that the next run resumes with a Range request', async () => {
    const endpoint = await startHub();
    hub!.stall = FILES[0];
    const dir = mkdtempSync(join(tmpdir(), 'parley-models-'));
    const args = ['models', 'fetch', MODEL, '--manifest', manifestPath, '--endpoint', endpoint, '--dir', dir];
    const first = start(args);
    await hub!.stalled;
    await delay(300); // let the half arrive and be written
    first.child.kill('SIGINT');
    const stopped = await first.done;
    expect(stopped).toMatchObject({ code: 1, stderr: expect.stringMatching(/CANCELLED: .*run again to resume/) });
    const partBytes = statSync(join(dir, `${FILES[0]}.part`)).size;
    expect(partBytes).toBeGreaterThan(0);
    const second = await parley(args);
    expect(second.code).toBe(0);
    expect(hub!.ranges).toEqual([undefined, `bytes=${partBytes}-`]);
    expectFetched(dir);
  });

  it('names the known models for an unknown one, and lists a model not downloaded yet as such', async () => {
    const unknown = await parley(['models', 'fetch', 'nope', '--manifest', manifestPath]);
    expect(unknown).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`INVALID_INPUT: unknown model "nope"; known models: ${MODEL}`),
    });
    const empty = mkdtempSync(join(tmpdir(), 'parley-models-'));
    const list = await parley(['models', 'list', '--manifest', manifestPath, '--dir', empty]);
    expect(list).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`^${MODEL}  not downloaded`)) });
  });
});

describe('parley models convert', () => {
  let checkpoint: string;
  let codec: string;

  beforeAll(async () => {
    checkpoint = mkdtempSync(join(tmpdir(), 'parley-checkpoint-'));
    await generateStandinCheckpoint(checkpoint);
    codec = await ensureStandinModel();
  });

  it('converts a checkpoint into the parley layout, a line per file on stderr and a summary on stdout', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'parley-converted-')), 'model');
    const run = await parley(['models', 'convert', checkpoint, out, '--codec', codec, '--precision', 'q4']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/\[1\/14\] built text_project\.onnx: 9\.\d MB in \d+\.\d s\n/);
    expect(run.stderr).toContain('[10/14] built tokenizer12hz_decode.onnx');
    expect(run.stderr).toContain('[11/14] built parley_codec_decode_streaming.onnx');
    expect(run.stdout).toMatch(new RegExp(`^converted into ${out}: 15 files, \\d+\\.\\d MB in \\d+\\.\\d s \\(parley layout, q4\\)\\n$`));
    expect(JSON.parse(readFileSync(join(out, 'parley-layout.json'), 'utf8'))).toMatchObject({ layout: 'parley', precision: 'q4' });
    for (const file of ['parley_talker_decode.onnx', 'tokenizer12hz_decode.onnx', 'config.json', 'parley-layout.json'])
      expect(existsSync(join(out, file)), file).toBe(true);
  });

  it('a missing checkpoint directory exits 1 naming it; an unsupported precision is a usage error', async () => {
    const missing = join(checkpoint, 'nope');
    const run = await parley(['models', 'convert', missing, join(tmpdir(), 'unused'), '--codec', codec]);
    expect(run).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`\nparley: INVALID_INPUT: checkpoint directory ${missing} does not exist\n`),
    });
    const fp16 = await parley(['models', 'convert', checkpoint, join(tmpdir(), 'unused'), '--precision', 'fp16']);
    expect(fp16).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--precision fp16 is not supported; supported: fp32, int8, q4'),
    });
  });
});
