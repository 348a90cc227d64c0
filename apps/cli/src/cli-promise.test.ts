import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav } from '@parley/core';
import { cudaProviderLibrary } from '@parley/tts-qwen3/internals';
import { parley } from './testing/run-parley.js';

// The CLI's promise: a bad command line exits 2 with what is wrong (and the usage where it helps),
// a failure exits 1 with `parley: CODE: message` or a sentence, and neither prints a stack trace.
// Each row is checked before anything slow happens: no model loads for a command line that is wrong.

const dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
const reference = join(dir, 'voice.wav');
let busy: Server;
let busyPort: number;

beforeAll(async () => {
  const rate = 24_000;
  const samples = Float32Array.from(
    { length: 2 * rate },
    (_, i) => 0.3 * Math.sin((2 * Math.PI * 180 * i) / rate) + 0.05 * Math.sin(i * 0.37),
  );
  writeFileSync(reference, encodeWav(samples, { sampleRate: rate }));
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});

afterAll(() => busy.close());

/** No line of a Node stack trace, and no raw onnxruntime log line. */
const NO_DUMP = /^\s+at |\[E:onnxruntime|Error: /m;

describe('every documented command answers --help with its usage, exit 0', () => {
  it.each([['agent'], ['serve'], ['speak'], ['token'], ['models'], ['models', 'fetch'], ['models', 'convert']])(
    'parley %s --help',
    async (...command) => {
      const run = await parley([...command, '--help']);
      expect(run).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`^usage: parley ${command[0]}`)) });
    },
  );

  it('parley --version, version and help [command]', async () => {
    for (const args of [['--version'], ['version']])
      expect(await parley(args)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^parley \d+\.\d+\.\d+\n$/) });
    expect(await parley(['help'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^usage: parley <command>/) });
    expect(await parley(['help', 'speak'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^usage: parley speak/) });
  });
});

type Row = [what: string, args: () => string[], code: 1 | 2, stderr: RegExp, env?: () => Record<string, string>];

const ROWS: Row[] = [
  ['no command', () => [], 2, /^usage: parley <command>/],
  ['an unknown command', () => ['dance'], 2, /^parley: unknown command "dance"/],
  ['an unknown option', () => ['speak', '--loud', 'x'], 2, /^parley: Unknown option '--loud'/],
  [
    'a token lifetime that is not one',
    () => ['token', '--identity', 'a', '--ttl', 'forever'],
    2,
    /^parley: --ttl must be a number of seconds or a span/,
  ],
  [
    '--out in a folder that does not exist',
    () => ['speak', 'Hi.', '--engine', 'tone', '--out', '/no/such/dir/x.wav'],
    2,
    /^parley: --out \/no\/such\/dir\/x\.wav: the folder \/no\/such\/dir does not exist\n$/,
  ],
  [
    'a seed that is not a number, before any model loads',
    () => ['speak', 'Hi.', '--seed', 'abc'],
    2,
    /^parley: --seed must be a whole number from 0 to 4294967295, got "abc"\n$/,
  ],
  [
    'a model for the tone engine, which runs none',
    () => ['serve', '--engine', 'tone', '--model', 'X', '--insecure-no-auth'],
    2,
    /^parley: --engine tone runs no model, so --model would be ignored/,
  ],
  ['a device that does not exist', () => ['speak', 'Hi.', '--device', 'tpu'], 2, /^parley: unknown device "tpu"/],
  [
    'a reference clip that is not there',
    () => ['speak', 'Hi.', '--clone-audio', join(dir, 'none.wav')],
    2,
    /^parley: --clone-audio .*none\.wav: no such file\n$/,
  ],
  [
    '--clone-text without --clone-audio',
    () => ['speak', 'Hi.', '--clone-text', 'words'],
    2,
    /^parley: --clone-text goes with --clone-audio/,
  ],
  [
    'a chat URL without a model',
    () => ['agent', '--llm-url', 'http://127.0.0.1:9/v1'],
    2,
    /^parley: --llm-url needs a model name: pass --llm-model NAME or set PARLEY_LLM_MODEL\n$/,
  ],
  [
    'a transcription URL from the environment without a model',
    () => ['agent'],
    2,
    /^parley: \$PARLEY_STT_URL needs a model name: pass --stt-model NAME/,
    () => ({ PARLEY_STT_URL: 'http://127.0.0.1:9/v1' }),
  ],
  [
    'a port in use',
    () => ['serve', '--engine', 'tone', '--insecure-no-auth', '--port', String(busyPort)],
    1,
    /parley: port \d+ is in use \(on 127\.0\.0\.1\); pass --port or set PORT\n$/,
  ],
  [
    'PORT in use',
    () => ['serve', '--engine', 'tone', '--insecure-no-auth'],
    1,
    /parley: port \d+ is in use/,
    () => ({ PORT: String(busyPort) }),
  ],
  [
    'an address this machine does not have',
    () => ['serve', '--engine', 'tone', '--insecure-no-auth', '--host', '192.0.2.1'],
    1,
    /parley: cannot listen on 192\.0\.2\.1:\d+: this machine has no address 192\.0\.2\.1; pass another --host\n$/,
  ],
  ['keys missing for a token', () => ['token', '--identity', 'a'], 1, /^parley: UNAUTHORIZED: .*LIVEKIT_API_KEY and LIVEKIT_API_SECRET/],
];

describe('a wrong command line exits 2, a failure 1, each with one clear message and no stack trace', () => {
  it.each(ROWS)('%s', async (_what, args, code, stderr, env) => {
    const run = await parley(args(), env ? { env: env() } : {});
    expect(run.stderr).toMatch(stderr);
    expect(run.stderr).not.toMatch(NO_DUMP);
    expect(run.code).toBe(code);
  });

  const cudaLibrary = cudaProviderLibrary();
  it.skipIf(cudaLibrary === undefined || existsSync(cudaLibrary))(
    '--device cuda without CUDA: DEVICE_UNAVAILABLE and how to get it, with no onnxruntime log line first',
    async () => {
      const run = await parley(['speak', 'Hi.', '--device', 'cuda', '--out', join(dir, 'x.wav')]);
      expect(run).toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/^parley: DEVICE_UNAVAILABLE: CUDA is unavailable .*npm run setup:cuda/m),
      });
      expect(run.stderr).not.toMatch(NO_DUMP);
    },
  );

  it('models fetch without a network: NETWORK, what to try, and no empty part left behind', async () => {
    const models = join(dir, 'models');
    const run = await parley(['models', 'fetch', 'qwen3-tts-0.6b-base-onnx', '--endpoint', 'http://127.0.0.1:9', '--dir', models]);
    expect(run.stderr).toMatch(
      /^parley: NETWORK: network error fetching http:\/\/127\.0\.0\.1:9\/.*\n {2}.*--endpoint URL or set PARLEY_HF_ENDPOINT/m,
    );
    expect(run.code).toBe(1);
    expect(readdirSync(models).filter((name) => name.endsWith('.part'))).toEqual([]);
  }, 60_000);
});

describe('cloning from the command line', () => {
  it.each([
    ['x-vector', [] as string[]],
    ['icl', ['--clone-text', 'A low hum.']],
  ])('speak --clone-audio %s: the stand-in becomes a Base model and speaks in the cloned voice', async (mode, text) => {
    const run = await parley(['speak', 'Hello there.', '--clone-audio', reference, ...text, '--out', join(dir, `${mode}.wav`)]);
    expect(run.stderr).toMatch(new RegExp(`model the random-weight stand-in .*voice cloned from the reference \\(${mode}\\)`));
    expect(run.stderr).toMatch(/wrote .*: 1 sentence, /);
    expect(run.code).toBe(0);
  });
});
