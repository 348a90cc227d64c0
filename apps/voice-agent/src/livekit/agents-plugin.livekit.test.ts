import { setTimeout as delay } from 'node:timers/promises';
import { initializeLogger, voice, type metrics, type VAD } from '@livekit/agents';
import * as silero from '@livekit/agents-plugin-silero';
import { Room } from '@livekit/rtc-node';
import { ensureStandinModel } from '@parley/models';
import { mintToken } from '@parley/core/tokens';
import { publishMicrophone, RoomRecording } from '@parley/transport-livekit/testing';
import { Qwen3Speech } from '@parley/tts-qwen3';
import * as qwen3 from '@parley/tts-qwen3/livekit';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { startLiveKitServer, type LiveKitServer } from '../../../../scripts/livekit-server.mjs';
import { LiveMic } from '../agent/testing/live-mic.js';
import { speak, SPEECH_RATE_HZ } from '../listen/testing/speech-fixture.js';

// parley's LiveKit Agents plugin (`@parley/tts-qwen3/livekit`) inside a real `voice.AgentSession`
// of @livekit/agents 1.9, with Silero VAD (its onnxruntime-node and parley's are one, through the
// root package.json's override), in a real LiveKit room: what a participant hears.

const RATE = 24_000;
/** One codec frame of Qwen3-TTS-12Hz. */
const FRAME_MS = 80;

let server: LiveKitServer;
let vad: VAD; // what `silero.VAD.load()` is typed to return
let engine: Qwen3Speech;

beforeAll(async () => {
  // Every agents stream throws "logger not initialized" without it (the agents CLI runs it).
  initializeLogger({ pretty: false, level: 'error' });
  server = await startLiveKitServer();
  vad = await silero.VAD.load();
  engine = await Qwen3Speech.load({ model: await ensureStandinModel(), threads: 1 });
}, 600_000);
afterAll(async () => {
  await engine?.close();
  await server?.stop();
});

/** An agent session in a room with one user, who has a live microphone and records the agent. */
interface Call {
  session: voice.AgentSession;
  /** What the user received from the agent. */
  heard: RoomRecording;
  mic: LiveMic;
  /** The plugin's metrics, one per spoken (or cancelled) segment. */
  segments: metrics.TTSMetrics[];
  /** Closes the session and the plugin, then both leave the room. */
  hangUp(): Promise<void>;
}

/** Connects `room` to the room `name` on the test server, as participant `identity`. */
async function join(room: Room, name: string, identity: string): Promise<void> {
  const token = await mintToken({ apiKey: server.apiKey, apiSecret: server.apiSecret, identity, room: name, publish: true });
  await room.connect(server.url, token, { autoSubscribe: true, dynacast: false });
}

/**
 * A session that turns on VAD alone: no STT and no LLM (nothing here may reach a hosted
 * service), so each setting below keeps the session from reaching for LiveKit Cloud or from
 * undoing a barge-in it cannot transcribe.
 */
function sessionOptions(tts: qwen3.TTS): voice.AgentSessionOptions {
  return {
    vad,
    tts,
    // The default AEC warm-up ignores the user for the first 3 s the agent speaks.
    aecWarmupDuration: null,
    turnHandling: {
      // Unset, the session builds LiveKit's hosted turn detector.
      turnDetection: 'vad',
      // With `resumeFalseInterruption` (the default) VAD only pauses the reply's audio: the reply
      // is interrupted, and parley's synthesis stopped, when the user's turn ends (seconds later;
      // parley synthesizes on meanwhile), and a pause no turn follows is resumed. Off, VAD
      // interrupts the reply at once.
      interruption: { mode: 'vad', resumeFalseInterruption: false },
    },
  };
}

/**
 * Starts a session speaking through parley's plugin (voice `ryan`, the stand-in model, each
 * sentence capped at `maxFrames` codec frames) in room `name`, and a user in the same room.
 */
async function call(name: string, maxFrames: number): Promise<Call> {
  const agentRoom = new Room();
  await join(agentRoom, name, 'agent');
  const user = new Room();
  const heard = new RoomRecording(user, RATE, 'agent');
  await join(user, name, 'user');
  const mic = new LiveMic(SPEECH_RATE_HZ);
  const microphone = await publishMicrophone(user, mic.frames$, SPEECH_RATE_HZ);
  const tts = new qwen3.TTS({ engine, voice: 'ryan', language: 'english', seed: 1, maxFrames });
  const segments: metrics.TTSMetrics[] = [];
  tts.on('metrics_collected', (m) => segments.push(m));
  const session = new voice.AgentSession(sessionOptions(tts));
  await session.start({
    agent: new voice.Agent({ instructions: 'You are a test agent.' }),
    room: agentRoom,
    inputOptions: { participantIdentity: 'user' },
  });
  await heard.subscribed; // the agent's track: nothing it says is missed
  const hangUp = async () => {
    await session.close();
    await tts.close();
    await microphone.close();
    await Promise.all([user.disconnect(), agentRoom.disconnect()]);
  };
  return { session, heard, mic, segments, hangUp };
}

/** Milliseconds of audio in `samples` at the room's rate. */
const ms = (samples: number) => (samples / RATE) * 1000;

/** The audio the plugin produced, per its metrics. */
const producedMs = (segments: metrics.TTSMetrics[]) => segments.reduce((total, m) => total + m.audioDurationMs, 0);

test('session.say() through the plugin: the user hears the whole reply, as long as the TTS made it, and loud', async () => {
  const { session, heard, segments, hangUp } = await call('say', 60);
  try {
    const handle = session.say('Hello there, this is parley.');
    await handle.waitForPlayout();
    await delay(500); // the last packets cross the server
    const [produced, received] = [producedMs(segments), ms(heard.loudSamples())];
    console.log(
      `the TTS produced ${produced.toFixed(0)} ms, the user received ${received.toFixed(0)} ms of loud audio (${(received - produced).toFixed(0)} ms apart)`,
    );
    expect(handle.interrupted).toBe(false);
    expect(segments.map((m) => m.cancelled)).toEqual([false]);
    expect(produced).toBe(60 * FRAME_MS); // the stand-in never predicts EOS: the cap ends the sentence
    expect(Math.abs(received - produced)).toBeLessThan(300);
  } finally {
    await hangUp();
  }
});

/** Four sentences: with `maxFrames` 250 (20 s each) the whole reply would run 80 s. */
const LONG_REPLY = [
  'This reply is long on purpose, so that the user has every reason to talk over it.',
  'It goes on to a second sentence, which nobody should hear.',
  'And a third one, which parley should never even synthesize.',
  'The fourth and last sentence ends the reply.',
].join(' ');
const LONG_REPLY_MS = 4 * 250 * FRAME_MS;

/** Follows the engine's count of model runs started: when it last grew. */
function watchRuns(speech: Qwen3Speech): { lastRunAt: () => number; stop: () => void } {
  let [runs, lastRunAt] = [speech.runsStarted(), performance.now()];
  const poll = setInterval(() => {
    if (speech.runsStarted() !== runs) [runs, lastRunAt] = [speech.runsStarted(), performance.now()];
  }, 2);
  return { lastRunAt: () => lastRunAt, stop: () => clearInterval(poll) };
}

test('the user talks over the reply: Silero VAD in the session interrupts it, the audio stops, and parley stops synthesizing', async () => {
  const { session, heard, mic, segments, hangUp } = await call('barge-in', 250);
  const words = await speak('Wait, stop, please stop talking now.');
  const runs = watchRuns(engine);
  try {
    const handle = session.say(LONG_REPLY);
    await vi.waitFor(() => expect(heard.loudSamples()).toBeGreaterThan(RATE), { timeout: 30_000, interval: 10 });
    const [bargeInAt, runsAtBargeIn] = [performance.now(), engine.runsStarted()];
    mic.say(words);
    await vi.waitFor(() => expect(handle.interrupted).toBe(true), { timeout: 10_000, interval: 5 });
    const interruptedAt = performance.now();
    await handle; // done: its synthesis and playout tasks have ended
    await delay(1_200); // what is still in flight through the server arrives
    // A snapshot while the user is still talking.
    const [lookedAt, reply] = [performance.now(), heard.loud()];
    const lastHeardAt = reply.at(-1)!.at;
    const received = ms(reply.reduce((samples, arrival) => samples + arrival.samples, 0));
    console.log(
      `VAD interrupted the reply ${(interruptedAt - bargeInAt).toFixed(0)} ms after the user started talking over it; the user's audio stopped ` +
        `${(lastHeardAt - bargeInAt).toFixed(0)} ms after that start, ${(lastHeardAt - interruptedAt).toFixed(0)} ms after the interruption; ` +
        `parley's last model run started ${(runs.lastRunAt() - interruptedAt).toFixed(0)} ms after the interruption; ` +
        `${received.toFixed(0)} ms of the reply reached the user, parley had produced ${producedMs(segments).toFixed(0)} ms of ${LONG_REPLY_MS} ms`,
    );
    expect(lookedAt - lastHeardAt).toBeGreaterThan(1_000); // silent since
    expect(received).toBeLessThan(LONG_REPLY_MS / 10);
    // parley was still synthesizing when the user spoke, and stopped: no model run for a second
    // before we looked, and the plugin reports its segment cancelled, short of the whole reply.
    expect(runs.lastRunAt()).toBeGreaterThan(bargeInAt);
    expect(engine.runsStarted()).toBeGreaterThan(runsAtBargeIn);
    expect(lookedAt - runs.lastRunAt()).toBeGreaterThan(1_000);
    expect(segments.map((m) => m.cancelled)).toEqual([true]);
    expect(producedMs(segments)).toBeLessThan(LONG_REPLY_MS);
  } finally {
    runs.stop();
    await hangUp();
  }
});
