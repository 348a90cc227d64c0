import { setTimeout as delay } from 'node:timers/promises';
import { encodeWav } from '@parley/core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { join, silence, speak } from '../listen/testing/speech-fixture.js';
import { scriptedAnswer } from '../llm/local-script.js';
import { startToneAgentServer, type ToneAgentServer } from './testing/tone-agent-server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let dir: string;
let server: ToneAgentServer | undefined;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(joinPath(tmpdir(), 'parley-page-'));
  // Silence first: the page needs a moment to connect and start before the "user" speaks. Then
  // a question, silence while the agent starts its long story, and speech over the story that
  // lasts well past the barge-in (~0.4 s in), so the next reply starts only seconds later.
  const mic = join(
    silence(2_000),
    await speak('Hello, can you tell me a story?'),
    silence(3_500),
    await speak('Wait, wait, please stop talking, I would like to ask you something else now.'),
    silence(3_000),
  );
  writeFileSync(joinPath(dir, 'mic.wav'), encodeWav(mic.data, { sampleRate: mic.sampleRate, channels: 1 }));
  server = await startToneAgentServer(['tell me a story from the browser', 'stop please'], 20);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${joinPath(dir, 'mic.wav')}%noloop`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The page's exposed state. */
interface PageState {
  connected: boolean;
  receivedBytes: number;
  playedSamples: number;
  queuedSamples: number;
  clears: number;
  /** The player's (AudioContext's) rate. */
  playerRate: number;
  outPeak: number;
  transcript: { role: string; text: string; interrupted: boolean }[];
  metrics: { voiceToVoiceMs?: number }[];
  hello?: { stt: string; llm: string };
}
const pageState = (page: Page) =>
  page.evaluate(() => {
    const s = (globalThis as unknown as { parley: PageState }).parley;
    return { ...s, transcript: s.transcript.map(({ role, text, interrupted }) => ({ role, text, interrupted })) };
  });

const STORY = scriptedAnswer('tell me a story', { now: new Date() });
type Window = { parley: PageState };

test('the page hears a turn from the fake microphone, plays the reply, and a second utterance interrupts it', async () => {
  const page = await browser.newPage();
  await page.goto(`${server!.url}/?raw=1`);
  await page.waitForFunction(() => (globalThis as unknown as Window).parley.connected);
  await expect.poll(async () => (await page.textContent('#llm')) ?? '').toContain('local responder');
  await page.click('#start');
  await page.waitForFunction(() => (globalThis as unknown as Window).parley.outPeak > 0.1, undefined, { timeout: 30_000 });
  await page.waitForFunction(() => (globalThis as unknown as Window).parley.receivedBytes > 24_000, undefined, { timeout: 15_000 });
  const answering = await pageState(page);
  expect(answering.transcript[0]).toEqual({ role: 'user', text: 'tell me a story from the browser', interrupted: false });
  expect(answering.transcript[1]!.role).toBe('agent');
  expect(answering.receivedBytes).toBeGreaterThan(24_000); // at least half a second of 24 kHz PCM
  expect(await page.textContent('#stt')).toContain('whisper-1');
  expect(await page.textContent('#transcript')).toContain('tell me a story from the browser');

  // The second utterance talks over the story.
  await page.waitForFunction(
    () => (globalThis as unknown as Window).parley.transcript.some((e) => e.role === 'agent' && e.interrupted),
    undefined,
    { timeout: 20_000 },
  );
  await expect.poll(async () => (await pageState(page)).clears).toBe(1); // the clear has reached the player worklet
  const cut = await pageState(page);
  expect(cut.playedSamples).toBeGreaterThan(answering.playedSamples); // it did play, up to the cut
  expect(cut.queuedSamples).toBe(0); // the rest of the story was dropped
  await delay(700); // the user is still talking: no reply yet, and nothing more plays
  const after = await pageState(page);
  expect(after.playedSamples).toBe(cut.playedSamples);
  const agent = after.transcript.find((e) => e.role === 'agent')!;
  expect(agent.interrupted).toBe(true);
  expect(agent.text.length).toBeGreaterThan(0);
  expect(agent.text.length).toBeLessThan(STORY.length / 2);
  expect(STORY.startsWith(agent.text)).toBe(true);
  // Cut where the page says it was (whole words only): ToneSpeech speaks 60 ms a character.
  const charsPlayed = after.playedSamples / after.playerRate / 0.06;
  expect(agent.text.length).toBeLessThanOrEqual(charsPlayed + 2);
  expect(agent.text.length).toBeGreaterThan(charsPlayed - 15);
  expect(await page.getAttribute('#transcript li.agent', 'class')).toContain('interrupted');
}, 90_000);
