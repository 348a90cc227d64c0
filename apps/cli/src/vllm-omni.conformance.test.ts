import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav } from '@parley/core';
import { mintToken } from '@parley/core/tokens';
import { launch, REPO_ROOT, type Launched } from './testing/launch.js';

/**
 * vLLM-Omni's own example client for its streaming speech endpoint, run unchanged from where it
 * is kept beside the repository (never copied in), against `parley serve` on the default engine
 * (Qwen3-TTS on the stand-in model), once per option of the client.
 */
const CLIENT_DIR = join(REPO_ROOT, '..', 'shared', 'conformance', 'vllm-omni');
const CLIENT = 'streaming_speech_client.py';
const PYTHON = process.env.PARLEY_CONFORMANCE_PYTHON ?? join(REPO_ROOT, '.venv-conformance', 'bin', 'python');
const KEYS = { LIVEKIT_API_KEY: 'conformance', LIVEKIT_API_SECRET: 'a-secret-for-the-conformance-run-only' };
const TEXT = 'Hello world. How are you?';
/** An error case must end well before the 30 s idle timeout a missing session.done would cost. */
const PROMPT_MS = 10_000;
/** Qwen3-TTS's 24 kHz audio comes in 80 ms codec frames. */
const SAMPLES_PER_FRAME = 1920;

let server: Launched;
let streamUrl: string;

beforeAll(async () => {
  if (!existsSync(join(CLIENT_DIR, CLIENT))) throw new Error(`vLLM-Omni's client is not at ${CLIENT_DIR}`);
  if (!existsSync(PYTHON)) {
    throw new Error(
      `no Python with websockets at ${PYTHON}: run .ci/run, or python3 -m venv .venv-conformance && .venv-conformance/bin/pip install -r scripts/conformance-requirements.txt`,
    );
  }
  server = await launch(process.execPath, ['apps/cli/bin/parley.js', 'serve', '--port', '0'], KEYS, /listening on (http:\/\/\S+)/);
  const token = await mintToken({ identity: 'vllm-omni-client', apiKey: KEYS.LIVEKIT_API_KEY, apiSecret: KEYS.LIVEKIT_API_SECRET });
  streamUrl = `${server.url.replace(/^http/, 'ws')}/v1/audio/speech/stream?access_token=${token}`;
});

afterAll(async () => {
  if (!server) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
});

interface ClientRun {
  code: number | null;
  stdout: string;
  ms: number;
  /** The files it wrote, by name. */
  files: Map<string, Buffer>;
}

/** Runs the client from its own folder with `args`, into a fresh output directory. */
async function runClient(args: string[]): Promise<ClientRun> {
  const out = await mkdtemp(join(tmpdir(), 'vllm-omni-'));
  const started = Date.now();
  const argv = [CLIENT, '--url', streamUrl, '--text', TEXT, '--output-dir', out, ...args];
  const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const child = spawn(PYTHON, argv, { cwd: CLIENT_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve({ code: exitCode, stdout: output });
    });
  });
  const ms = Date.now() - started;
  const names = (await readdir(out)).sort();
  const files = new Map(await Promise.all(names.map(async (name) => [name, await readFile(join(out, name))] as const)));
  await rm(out, { recursive: true, force: true });
  return { code, stdout, ms, files };
}

/** The samples of one WAV the client saved (the header of a streamed one has unknown sizes). */
const wavSamples = (bytes: Buffer) => decodeWav(new Uint8Array(bytes)).samples;

describe("vLLM-Omni's streaming_speech_client.py against parley serve", () => {
  it.each([
    ['its defaults (Vivian, CustomVoice, Auto, wav, speed 1.0)', []],
    ['--voice ryan --language English', ['--voice', 'ryan', '--language', 'English']],
    ['--model (ignored: one server, one model)', ['--model', 'Qwen/Qwen3-TTS-12Hz-0.6B-CustomVoice']],
    ['--task-type CustomVoice --speed 1.0', ['--task-type', 'CustomVoice', '--speed', '1.0']],
    ['--simulate-stt --stt-delay 0.02', ['--simulate-stt', '--stt-delay', '0.02']],
    ['--stream-audio (a streaming WAV per sentence)', ['--stream-audio']],
  ])('%s: exits 0 with one WAV per sentence', async (_, args) => {
    const run = await runClient(args);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/Session complete: 2 sentence\(s\) generated/);
    expect(run.stdout).not.toMatch(/ERROR/);
    expect([...run.files.keys()]).toEqual(['sentence_000.wav', 'sentence_001.wav']);
    for (const bytes of run.files.values()) {
      expect(decodeWav(new Uint8Array(bytes))).toMatchObject({ sampleRate: 24_000, channels: 1 });
      expect(wavSamples(bytes).length % SAMPLES_PER_FRAME).toBe(0);
      expect(wavSamples(bytes).length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['--response-format pcm', ['--response-format', 'pcm']],
    ['--response-format pcm --stream-audio', ['--response-format', 'pcm', '--stream-audio']],
  ])('%s: exits 0 with one s16le file per sentence', async (_, args) => {
    const run = await runClient(args);
    expect(run.code, run.stdout).toBe(0);
    expect([...run.files.keys()]).toEqual(['sentence_000.pcm', 'sentence_001.pcm']);
    for (const bytes of run.files.values()) expect(bytes.byteLength % (2 * SAMPLES_PER_FRAME)).toBe(0);
    if (args.includes('--stream-audio')) expect(run.stdout.match(/Received audio chunk for sentence 0/g)!.length).toBeGreaterThan(1);
  });

  it('--max-new-tokens 10: exits 0, each sentence at most 9 codec frames', async () => {
    const run = await runClient(['--max-new-tokens', '10']);
    expect(run.code, run.stdout).toBe(0);
    expect(run.files.size).toBe(2);
    for (const bytes of run.files.values()) expect(wavSamples(bytes).length).toBeLessThanOrEqual(9 * SAMPLES_PER_FRAME);
  });

  it.each([
    ['an unknown voice', ['--voice', 'nobody'], /unknown voice 'nobody'/],
    ['an unknown language', ['--language', 'klingon'], /unknown language 'klingon'/],
    ['--response-format flac', ['--response-format', 'flac'], /response_format must be "pcm" or "wav"/],
    ['--response-format mp3', ['--response-format', 'mp3'], /response_format must be "pcm" or "wav"/],
    ['--response-format aac', ['--response-format', 'aac'], /response_format must be "pcm" or "wav"/],
    ['--response-format opus', ['--response-format', 'opus'], /response_format must be "pcm" or "wav"/],
    ['speed while streaming', ['--speed', '1.5', '--stream-audio', '--response-format', 'pcm'], /speed 1.5 is not supported/],
    ['speed without streaming', ['--speed', '2.0'], /speed 2 is not supported/],
    ['--instructions', ['--instructions', 'A cheerful young female voice'], /instructions is not supported/],
    ['--task-type VoiceDesign', ['--task-type', 'VoiceDesign'], /task_type "VoiceDesign" is not supported yet/],
    [
      '--task-type VoiceDesign --instructions',
      ['--task-type', 'VoiceDesign', '--instructions', 'A calm voice'],
      /instructions is not supported/,
    ],
    ['--task-type Base', ['--task-type', 'Base'], /task_type "Base" is not supported yet/],
    [
      '--task-type Base with a reference',
      ['--task-type', 'Base', '--ref-audio', 'ref.wav', '--ref-text', 'Hello.'],
      /ref_audio is not supported/,
    ],
    ['--x-vector-only-mode', ['--x-vector-only-mode'], /x_vector_only_mode is not supported/],
  ])('%s: exits 0 promptly, with the error, session.done and no audio', async (_, args, message) => {
    const run = await runClient(args);
    expect(run.code, run.stdout).toBe(0);
    expect(run.ms).toBeLessThan(PROMPT_MS);
    expect(run.stdout).toMatch(new RegExp(`ERROR: ${message.source}`));
    expect(run.stdout).toMatch(/Session complete: 0 sentence\(s\) generated/);
    expect(run.files.size).toBe(0);
  });
});
