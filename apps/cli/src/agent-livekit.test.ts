import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/parley.js', import.meta.url));

/** A port that was free a moment ago, so nothing listens there. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs `parley agent ...`, returning its exit code, stderr and how long it took. */
async function parley(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string; ms: number }> {
  const start = Date.now();
  const child = spawn(process.execPath, [BIN, 'agent', ...args], {
    env: { ...process.env, NODE_ENV: 'production', LIVEKIT_API_KEY: '', LIVEKIT_API_SECRET: '', ...env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, stderr, ms: Date.now() - start };
}

test('parley agent --livekit-url exits 1 quickly with "cannot reach LiveKit" when nothing listens there (real rtc-node)', async () => {
  const url = `ws://127.0.0.1:${await closedPort()}`;
  const result = await parley(['--livekit-url', url, '--room', 'r', '--engine', 'tone'], {
    LIVEKIT_API_KEY: 'devkey',
    LIVEKIT_API_SECRET: 'secret-long-enough-for-hs256-signing',
  });
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr).toContain(`parley: INTERNAL: cannot reach LiveKit at ${url}`);
  expect(result.stderr).not.toContain('secret-long-enough');
  // 3 tries, 500 ms and 1 s apart, plus starting node and tsx.
  expect(result.ms).toBeLessThan(10_000);
}, 20_000);

test('parley agent --livekit-url without LiveKit keys exits 1 with UNAUTHORIZED naming the variables', async () => {
  const url = `ws://127.0.0.1:${await closedPort()}`;
  const result = await parley(['--livekit-url', url, '--room', 'r', '--engine', 'tone'], {});
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr).toMatch(/^parley: UNAUTHORIZED: .*LIVEKIT_API_KEY and LIVEKIT_API_SECRET.*--token/m);
}, 20_000);

test('--livekit-url without --room is a usage error', async () => {
  const result = await parley(['--livekit-url', 'ws://127.0.0.1:1'], {});
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('--livekit-url and --room go together');
}, 20_000);
