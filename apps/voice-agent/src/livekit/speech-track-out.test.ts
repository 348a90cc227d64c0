import { setTimeout as delay } from 'node:timers/promises';
import { ToneSpeech } from '@parley/core';
import { SpeechTrack } from '@parley/transport-livekit';
import { afterEach, expect, test, vi } from 'vitest';
import { SpeechTrackOut } from './speech-track-out.js';

const TEXT = 'Hello there, how are you today? I am the agent.';
let speaker: SpeechTrack | undefined;
afterEach(async () => {
  await speaker?.close();
  speaker = undefined;
});

test('barge-in: clear() cancels the LiveKit playback and the heard text is cut at the played position (real rtc-node AudioSource, no room)', async () => {
  speaker = SpeechTrack.create({ sampleRate: 24_000 });
  const out = new SpeechTrackOut(speaker);
  const tts = new ToneSpeech({ msPerCharacter: 60, realTimeFactor: 0.1 });
  const playback = out.play(tts.synthesize(TEXT));
  // The native source plays in real time: wait for half a second of it to be heard.
  await vi.waitFor(() => expect(playback.played().samples).toBeGreaterThan(12_000), { timeout: 5_000, interval: 10 });
  const before = playback.played();
  expect(before.samples).toBeGreaterThan(0);

  out.clear();
  const end = await playback.done;
  expect(end.interrupted).toBe(true);
  expect(speaker.current).toBeUndefined();
  // What was heard is where the audio left the source, not what the (10x real time) TTS made.
  expect(end.position.samples).toBeGreaterThanOrEqual(before.samples);
  expect(end.position.ms).toBeLessThan(1_500);
  expect(end.position.text.length).toBeGreaterThan(0);
  expect(TEXT.startsWith(end.position.text)).toBe(true);
  expect(end.position.text.length).toBeLessThan(TEXT.length / 2);
  expect(playback.cancel()).toEqual(end.position); // final: later calls give the same answer

  // The engine was unsubscribed: no chunk generated after the clear.
  const chunks = tts.chunksGenerated;
  await delay(300); // 30 chunks' time at 10× real time
  expect(tts.chunksGenerated).toBe(chunks);
});

test('play() cancels a playback still draining instead of failing the next turn', async () => {
  speaker = SpeechTrack.create();
  const out = new SpeechTrackOut(speaker);
  const tts = new ToneSpeech({ msPerCharacter: 60, realTimeFactor: 0.1 });
  const first = out.play(tts.synthesize('First answer, fairly long.'));
  await vi.waitFor(() => expect(first.played().samples).toBeGreaterThan(0), { timeout: 5_000, interval: 10 }); // it is playing
  const second = out.play(tts.synthesize('Second.'));
  expect((await first.done).interrupted).toBe(true);
  expect(speaker.current).toBe(second);
  const end = await second.done;
  expect(end).toMatchObject({ interrupted: false });
  expect(end.position.text).toBe('Second.');
});
