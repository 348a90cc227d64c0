import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { launch } from './testing/launch.js';

/** Every process started for one test carries this in its environment, so none can hide. */
let mark = '';
let started: ChildProcess | undefined;

afterEach(() => {
  for (const pid of marked(mark)) process.kill(pid, 'SIGKILL'); // only when a test failed
  started = undefined;
});

/** Starts a command marked with a fresh {@link mark}; resolves to the URL it prints. */
async function launchMarked(command: string, args: string[], env: Record<string, string>, printed: RegExp): Promise<string> {
  mark = randomUUID();
  const launched = await launch(command, args, { ...env, PARLEY_TEST_MARK: mark }, printed);
  started = launched.child;
  return launched.url;
}

/** The ids of the live processes whose environment holds `value` as PARLEY_TEST_MARK. */
function marked(value: string): number[] {
  if (!value) return [];
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`PARLEY_TEST_MARK=${value}`) && !isZombie(pid);
      } catch {
        return false;
      }
    });
}

function isZombie(pid: number): boolean {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

const refuses = (url: string) =>
  fetch(url).then(
    () => false,
    () => true,
  );

describe('SIGTERM sent to the npm a user started', () => {
  it('`npx parley serve`: the server closes its sessions gracefully (1001) and every process exits', async () => {
    const url = await launchMarked(
      'npx',
      ['parley', 'serve', '--port', '0', '--insecure-no-auth', '--engine', 'tone'],
      {},
      /listening on (http:\/\/\S+)/,
    );
    expect(marked(mark).length).toBeGreaterThanOrEqual(3); // npm, its shell, the bin, the server
    const session = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/audio/speech/stream`);
    const messages: { type: string; code?: string }[] = [];
    session.on('message', (data, binary) => binary || messages.push(JSON.parse(String(data))));
    const closed = new Promise<number>((resolve) => session.once('close', resolve));
    await new Promise((resolve) => session.once('open', resolve));
    session.send(JSON.stringify({ type: 'session.config', response_format: 'pcm', stream_audio: true }));
    session.send(JSON.stringify({ type: 'input.text', text: 'A long sentence that is still being spoken. '.repeat(30) }));
    await vi.waitFor(() => expect(messages.map((m) => m.type)).toContain('audio.start'), { timeout: 20_000, interval: 100 });

    started!.kill('SIGTERM'); // to npm alone, as Docker, supervisord and `kill $!` do
    expect(await closed).toBe(1001);
    expect(messages.find((m) => m.type === 'error')).toMatchObject({ code: 'CANCELLED' });
    await vi.waitFor(async () => expect(await refuses(`${url}/readyz`)).toBe(true), { timeout: 15_000, interval: 100 });
    await vi.waitFor(() => expect(marked(mark)).toEqual([]), { timeout: 15_000, interval: 100 });
  });

  it('`npm start`: the agent page server closes and every process exits', async () => {
    const url = await launchMarked('npm', ['start'], { PORT: '0' }, /open (http:\/\/\S+) in a browser/);
    expect((await fetch(url)).status).toBe(200);
    const page = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/conversation`);
    const closed = new Promise<number>((resolve) => page.once('close', resolve));
    await new Promise((resolve) => page.once('open', resolve));

    started!.kill('SIGTERM');
    expect(await closed).toBe(1001);
    await vi.waitFor(async () => expect(await refuses(url)).toBe(true), { timeout: 15_000, interval: 100 });
    await vi.waitFor(() => expect(marked(mark)).toEqual([]), { timeout: 15_000, interval: 100 });
  });
});
