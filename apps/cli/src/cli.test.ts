import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenVerifier } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { decodeWav } from '@parley/core';
import { PARLEY, cleanEnv, parley } from './testing/run-parley.js';

const KEYS = { LIVEKIT_API_KEY: 'devkey', LIVEKIT_API_SECRET: 'a-secret-of-at-least-32-characters!!' };

describe('parley speak', () => {
  it('speaks text given as an argument into a WAV file and reports each sentence', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'parley-')), 'hello.wav');
    const run = await parley(['speak', 'Hello there. This is parley.', '--out', out, '--engine', 'tone']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/#0 +12 chars +first audio \d+ ms/);
    expect(run.stderr).toMatch(/#1 +15 chars/);
    const wav = decodeWav(await readFile(out));
    expect(wav.sampleRate).toBe(24_000);
    // ToneSpeech: 60 ms per character, 27 characters.
    expect(wav.samples.length).toBe(27 * 60 * 24);
  });

  it('reads text from stdin as it arrives', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'parley-')), 'piped.wav');
    const run = await parley(['speak', '--out', out, '--engine', 'tone'], { stdin: 'Piped in. As tokens' });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/wrote .*piped\.wav: 2 sentences/);
  });

  it('fails with a usage error, not a stack trace, for nothing speakable or an unknown option', async () => {
    const empty = await parley(['speak', '🙂 ** **', '--engine', 'tone']);
    expect(empty).toMatchObject({ code: 2, stderr: expect.stringMatching(/nothing to speak/) });
    const unknown = await parley(['speak', '--loud', 'x']);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringMatching(/Unknown option '--loud'/) });
  });
});

describe('parley speak with Qwen3-TTS on the stand-in model', () => {
  it('says it runs the stand-in, and the same seed gives the same audio, a whole number of codec frames', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-'));
    const speakTo = (file: string) => parley(['speak', 'Hi.', '--seed', '7', '--out', join(dir, file), '--voice', 'ryan']);
    const [first, second] = [await speakTo('a.wav'), await speakTo('b.wav')];
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/engine: qwen3 on cpu \(community layout, fp32\), model the random-weight stand-in/);
    const [a, b] = [decodeWav(await readFile(join(dir, 'a.wav'))), decodeWav(await readFile(join(dir, 'b.wav')))];
    expect(a.samples.length).toBeGreaterThan(0);
    expect(a.samples.length % 1920).toBe(0);
    expect(b.samples).toEqual(a.samples);
    expect(second.code).toBe(0);
  });

  it('names what a GPU device needs when there is none, and refuses a device that does not exist', async () => {
    const noDriver = { VK_DRIVER_FILES: '/nonexistent/vulkan-icd.json', VK_ICD_FILENAMES: '/nonexistent/vulkan-icd.json' };
    const webgpu = await parley(['speak', 'Hi.', '--device', 'webgpu', '--out', join(await mkdtemp(join(tmpdir(), 'parley-')), 'x.wav')], {
      env: noDriver,
    });
    expect(webgpu.code).toBe(1);
    expect(webgpu.stderr).toMatch(/parley: DEVICE_UNAVAILABLE: WebGPU is unavailable \(device 'webgpu'\): .*Vulkan/);
    const tpu = await parley(['speak', 'Hi.', '--device', 'tpu']);
    expect(tpu).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown device "tpu"; choose cpu, webgpu, cuda or cuda:N/) });
  });

  it('rejects an unknown voice with the voices the model has', async () => {
    const run = await parley(['speak', 'Hello.', '--voice', 'nobody', '--out', '/dev/null']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/INVALID_INPUT: .*nobody.*ryan/);
  });
});

describe('parley token', () => {
  it('prints a token the LiveKit verifier accepts, with the room grants asked for', async () => {
    const run = await parley(['token', '--identity', 'ann', '--room', 'lobby', '--publish'], { env: KEYS });
    expect(run.code).toBe(0);
    const claims = await new TokenVerifier(KEYS.LIVEKIT_API_KEY, KEYS.LIVEKIT_API_SECRET).verify(run.stdout.trim());
    expect(claims.sub).toBe('ann');
    expect(claims.video).toMatchObject({ room: 'lobby', roomJoin: true, canPublish: true, canSubscribe: true });
  });

  it('says which variables to set when the keys are missing', async () => {
    const run = await parley(['token', '--identity', 'ann']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/UNAUTHORIZED: .*LIVEKIT_API_KEY and LIVEKIT_API_SECRET/);
  });
});

describe('parley serve', () => {
  it('serves speech until SIGTERM, then closes gracefully with status 0', async () => {
    const args = ['serve', '--port', '0', '--insecure-no-auth', '--engine', 'tone'];
    const child = spawn(process.execPath, [PARLEY, ...args], { env: cleanEnv() });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const url = await new Promise<string>((resolve) => {
      let stdout = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(stdout);
        if (match) resolve(match[1]!);
      });
    });
    expect(stderr).toMatch(/auth is DISABLED/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const speech = await fetch(`${url}/v1/audio/speech`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: 'Hi.', response_format: 'wav', stream: false }),
    });
    expect(speech.status).toBe(200);
    expect(decodeWav(new Uint8Array(await speech.arrayBuffer())).samples.length).toBe(3 * 60 * 24);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses to start without keys unless auth is explicitly disabled, and says how', async () => {
    const run = await parley(['serve', '--port', '0']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/LIVEKIT_API_KEY and LIVEKIT_API_SECRET.*--insecure-no-auth/);
  });

  it('answers an unknown command with the usage and status 2', async () => {
    const run = await parley(['dance']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command "dance"[\s\S]*usage: parley <command>/);
  });
});
