import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test, vi } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/parley.js', import.meta.url));

test('parley agent serves the page, says which STT/LLM/TTS it uses, and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, [BIN, 'agent', '--engine', 'tone', '--port', '0'], {
    env: { ...process.env, PARLEY_LLM_URL: '', PARLEY_STT_URL: '' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += String(chunk)));
  child.stderr.on('data', (chunk: Buffer) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await vi.waitFor(() => expect(output).toMatch(/TTS: .*\n/), { timeout: 60_000, interval: 100 });
  const url = /open (http:\/\/\S+) in a browser/.exec(output)?.[1];
  expect(url, output).toBeDefined();
  expect(output).toContain('STT: none');
  expect(output).toContain('LLM: local responder');
  const page = await fetch(url!);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('parley voice agent');
  expect((await fetch(`${url}/../etc/passwd`)).status).toBe(404);
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});
