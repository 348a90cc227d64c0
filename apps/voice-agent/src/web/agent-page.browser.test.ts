import { encodeWav, ToneSpeech } from '@parley/core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSttServer } from '../agent/testing/stt-server.js';
import { SileroVad } from '../listen/silero/silero-vad.js';
import { join, silence, speak } from '../listen/testing/speech-fixture.js';
import { LocalResponder } from '../llm/local-responder.js';
import { OpenAITranscriber } from '../stt/openai-transcriber.js';
import { startAgentServer, type AgentServer } from './agent-server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let dir: string;
let detector: SileroVad;
let stt: Awaited<ReturnType<typeof startSttServer>>;
let server: AgentServer;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(joinPath(tmpdir(), 'parley-page-'));
  // Silence first: the page needs a moment to connect and start before the "user" speaks.
  const mic = join(silence(2_000), await speak('Hello, can you hear me?'), silence(4_000));
  writeFileSync(joinPath(dir, 'mic.wav'), encodeWav(mic.data, { sampleRate: mic.sampleRate, channels: 1 }));
  detector = await SileroVad.load();
  stt = await startSttServer(['hello from the browser']);
  const parts = {
    stt: new OpenAITranscriber({ url: stt.url, model: 'whisper-1' }),
    llm: new LocalResponder({ wordDelayMs: 20 }),
    tts: new ToneSpeech(),
    ttsDescription: 'tone (test)',
    voices: ['tone'],
    detector,
    log: () => {},
  };
  server = await startAgentServer(parts, 0, '127.0.0.1');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${joinPath(dir, 'mic.wav')}%noloop`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await stt?.server.close();
  await detector?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** The page's exposed state. */
interface PageState {
  connected: boolean;
  receivedBytes: number;
  playedSamples: number;
  outPeak: number;
  transcript: { role: string; text: string; interrupted: boolean }[];
  metrics: { voiceToVoiceMs?: number }[];
  hello?: { stt: string; llm: string };
}
const pageState = (page: Page) => page.evaluate(() => {
  const s = (globalThis as unknown as { parley: PageState }).parley;
  return { ...s, transcript: s.transcript.map(({ role, text, interrupted }) => ({ role, text, interrupted })) };
});

test('the page hears a turn from the fake microphone, shows the transcript, and plays the reply', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/?raw=1`);
  await page.waitForFunction(() => (globalThis as unknown as { parley: PageState }).parley.connected);
  await expect.poll(async () => (await page.textContent('#llm')) ?? '').toContain('local responder');
  await page.click('#start');
  await page.waitForFunction(() => (globalThis as unknown as { parley: PageState }).parley.transcript.some((e) => e.role === 'agent'), undefined, { timeout: 30_000 });
  await page.waitForFunction(() => (globalThis as unknown as { parley: PageState }).parley.outPeak > 0.1, undefined, { timeout: 15_000 });
  await page.waitForFunction(() => (globalThis as unknown as { parley: PageState }).parley.receivedBytes > 24_000, undefined, { timeout: 15_000 });
  const state = await pageState(page);
  expect(state.transcript[0]).toEqual({ role: 'user', text: 'hello from the browser', interrupted: false });
  expect(state.transcript[1]!.role).toBe('agent');
  expect(state.receivedBytes).toBeGreaterThan(24_000); // at least half a second of 24 kHz PCM
  expect(state.playedSamples).toBeGreaterThan(0);
  expect(await page.textContent('#stt')).toContain('whisper-1');
  expect(await page.textContent('#transcript')).toContain('hello from the browser');
}, 90_000);
