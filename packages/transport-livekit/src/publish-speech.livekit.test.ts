import { setTimeout as delay } from 'node:timers/promises';
import { Room } from '@livekit/rtc-node';
import { ToneSpeech } from '@parley/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLiveKitServer, type LiveKitServer } from '../../../scripts/livekit-server.mjs';
import { publishSpeech, type SpeechPublisher } from './publish-speech.js';
import { resolveAccessToken } from './room/access-token.js';
import { RoomRecording } from './testing/index.js';

const RATE = 24_000;
const TONE_HZ = 440;

let server: LiveKitServer;
beforeAll(async () => {
  server = await startLiveKitServer();
});
afterAll(async () => {
  await server?.stop();
});

/** A second participant that records the first audio track published in `room` at 24 kHz mono. */
async function listener(room: string): Promise<{ heard: RoomRecording; leave: () => Promise<void> }> {
  const token = await resolveAccessToken({ apiKey: server.apiKey, apiSecret: server.apiSecret, identity: 'listener', room });
  const listening = new Room();
  const heard = new RoomRecording(listening, RATE);
  await listening.connect(server.url, token, { autoSubscribe: true, dynacast: false });
  await heard.subscribed;
  return { heard, leave: () => listening.disconnect() };
}

/** The loudest normalized cross-correlation of `received` against `sent` over lags 0..maxLag. */
function bestCorrelation(sent: Float32Array, received: number[], maxLag: number): { lag: number; correlation: number } {
  let best = { lag: 0, correlation: -1 };
  const n = sent.length;
  for (let lag = 0; lag <= maxLag && lag + n <= received.length; lag += 1) {
    let [dot, a2, b2] = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const [a, b] = [sent[i]!, received[lag + i]! / 32768];
      [dot, a2, b2] = [dot + a * b, a2 + a * a, b2 + b * b];
    }
    const correlation = dot / Math.sqrt(a2 * b2 || 1);
    if (correlation > best.correlation) best = { lag, correlation };
  }
  return best;
}

async function publisher(room: string): Promise<SpeechPublisher> {
  return publishSpeech({ connect: { url: server.url, apiKey: server.apiKey, apiSecret: server.apiSecret, identity: 'agent', room } });
}

describe('publishSpeech into a real LiveKit room', () => {
  it('a second participant receives the speech: its length, its rate and its waveform', async () => {
    const agent = await publisher('speech-arrives');
    const { heard, leave } = await listener('speech-arrives');
    const tone = new ToneSpeech({ sampleRate: RATE, frequencyHz: TONE_HZ, msPerCharacter: 60 });
    const text = 'Hello there, this is parley.';
    const sent = Float32Array.from(
      { length: Math.round((text.length * 60 * RATE) / 1000) },
      (_, i) => 0.5 * Math.sin((2 * Math.PI * TONE_HZ * i) / RATE),
    );
    const result = await agent.speak(tone.synthesize(text)).done;
    await delay(500); // the last packets cross the server
    expect(result.interrupted).toBe(false);
    const loud = heard.loudSamples();
    expect(Math.abs(loud - sent.length) / RATE).toBeLessThan(0.1); // within 100 ms of what was sent
    const start = heard.samples.findIndex((s) => Math.abs(s) > 0.05 * 32768);
    const { correlation } = bestCorrelation(sent.subarray(RATE / 10, RATE / 2), heard.samples.slice(Math.max(0, start)), RATE / 5);
    console.log(
      `received ${(((loud - sent.length) / RATE) * 1000).toFixed(0)} ms more than sent; waveform correlation ${correlation.toFixed(4)}`,
    );
    expect(correlation).toBeGreaterThan(0.95); // Opus is close to transparent on a tone
    await leave();
    await agent.close();
  });

  it('playback.cancel() stops the audio the other participant hears', async () => {
    const agent = await publisher('speech-cancelled');
    const { heard, leave } = await listener('speech-cancelled');
    const tone = new ToneSpeech({ sampleRate: RATE, frequencyHz: TONE_HZ, msPerCharacter: 60 });
    const playback = agent.speak(tone.synthesize('A long sentence that would go on for several seconds if nobody talked over it.'));
    await vi.waitFor(() => expect(heard.loud()).not.toHaveLength(0), { timeout: 10_000, interval: 10 });
    await delay(400);
    const cancelledAt = performance.now();
    playback.cancel();
    await delay(1500);
    const lastLoud = heard.loud().at(-1)!.at;
    const stoppedAfterMs = lastLoud - cancelledAt;
    console.log(`remote audio stopped ${stoppedAfterMs.toFixed(0)} ms after cancel()`);
    expect(stoppedAfterMs).toBeLessThan(500);
    await leave();
    await agent.close();
  });
});
