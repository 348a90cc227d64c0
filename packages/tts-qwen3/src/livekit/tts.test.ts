import { APIError, tts as lk } from '@livekit/agents';
import { ParleyError } from '@parley/core';
import { throwError } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectMetrics, drain, initLiveKitLogger, probe, samplesOf } from '../testing/livekit.js';
import { standinDir } from '../testing/standin.js';
import { Qwen3Speech } from '../qwen3-speech.js';
import { TTS } from './tts.js';

const VOICE = { voice: 'ryan', seed: 11, maxFrames: 6 };
const TEXT = 'Hello there, this is parley. It streams while you type!';
const NO_RETRY = { maxRetry: 0, retryIntervalMs: 0, timeoutMs: 10_000 };

let engine: Qwen3Speech;
beforeAll(async () => {
  initLiveKitLogger();
  engine = await Qwen3Speech.load({ model: await standinDir(), threads: 1 });
});
afterAll(() => engine.close());

/**
 * Speaks `text` through a SynthesizeStream of `tts` and returns the errors `tts` emitted and
 * the packets. Failures are tested on this path: the base ChunkedStream of @livekit/agents 1.9
 * rethrows a failed run() from a promise nobody awaits (an unhandled rejection; a job process
 * of the agents CLI logs those at debug level).
 */
async function failing(tts: TTS, text: string, connOptions?: typeof NO_RETRY) {
  const errors: { error: Error; recoverable: boolean }[] = [];
  tts.on('error', (event) => errors.push(event));
  const stream = tts.stream({ connOptions });
  stream.pushText(text);
  stream.endInput();
  return { errors, packets: (await drain(stream)).packets };
}

describe('TTS', () => {
  it('is a streaming 24 kHz mono LiveKit TTS with a label, model and provider', () => {
    const tts = new TTS({ engine });
    expect(tts).toBeInstanceOf(lk.TTS);
    expect([tts.capabilities.streaming, tts.sampleRate, tts.numChannels]).toEqual([true, 24_000, 1]);
    expect([tts.label, tts.provider, tts.model]).toEqual(['qwen3.TTS', 'parley', 'Qwen3-TTS-12Hz-0.6B-CustomVoice']);
    expect(tts.ownsEngine).toBe(false);
  });

  it('refuses options without exactly one engine source, or a frame length that is not whole samples', () => {
    expect(() => new TTS({} as never)).toThrow(ParleyError);
    expect(() => new TTS({ engine, model: '/models/x' } as never)).toThrow(/exactly one/);
    expect(() => new TTS({ engine, frameMs: 0.01 })).toThrow(/frameMs/);
    expect(() => new TTS({ engine }).updateOptions({ frameMs: -20 })).toThrow(/frameMs/);
  });

  it('gives new streams the updated options and lets open ones keep theirs', async () => {
    const tts = new TTS({ engine, ...VOICE });
    const open = tts.stream();
    tts.updateOptions({ seed: 12, frameMs: 20 });
    expect(tts.options).toEqual({ ...VOICE, seed: 12, frameMs: 20 });
    open.pushText(TEXT);
    open.endInput();
    const before = await drain(open);
    const after = await drain(tts.synthesize(TEXT));
    expect(before.packets[0]!.frame.samplesPerChannel).toBe(960);
    expect(after.packets[0]!.frame.samplesPerChannel).toBe(480);
    expect(samplesOf(after.packets)).not.toEqual(samplesOf(before.packets));
    expect(samplesOf((await drain(new TTS({ engine, ...VOICE, seed: 12 }).synthesize(TEXT))).packets)).toEqual(samplesOf(after.packets));
  });
});

describe('ChunkedStream (synthesize)', () => {
  it('speaks the whole text as the stream would, final on the last frame, with one non-streamed metrics event', async () => {
    const tts = new TTS({ engine, ...VOICE });
    const seen = collectMetrics(tts);
    const chunked = await drain(tts.synthesize(TEXT));
    const stream = tts.stream();
    stream.pushText(TEXT);
    stream.endInput();
    const streamed = await drain(stream);
    expect(samplesOf(chunked.packets)).toEqual(samplesOf(streamed.packets));
    expect(chunked.packets.map((packet) => packet.final)).toEqual([...Array(23).fill(false), true]);
    expect(seen[0]).toMatchObject({ streamed: false, charactersCount: TEXT.length, audioDurationMs: 960, cancelled: false });
  });

  it('ends with no frames for empty text, and stops the engine when closed mid-way', async () => {
    expect((await drain(new TTS({ engine, ...VOICE }).synthesize(''))).packets).toEqual([]);
    const chunked = new TTS({ engine, voice: 'ryan', seed: 4, maxFrames: 2000 }).synthesize('Keep talking for a long long time.');
    await chunked.next();
    chunked.close();
    const runsAtClose = engine.runsStarted();
    await engine.stats();
    expect(engine.runsStarted()).toBeLessThanOrEqual(runsAtClose);
  });

  it('is retried by the base class after a retryable engine error (OVERLOADED)', async () => {
    const overloaded = (call: number) => (call === 1 ? throwError(() => new ParleyError('OVERLOADED', 'busy')) : undefined);
    const watched = probe(engine, overloaded);
    const tts = new TTS({ engine: watched.engine, ...VOICE });
    const errors: unknown[] = [];
    tts.on('error', (error) => errors.push(error));
    const { packets } = await drain(tts.synthesize(TEXT, { maxRetry: 1, retryIntervalMs: 0, timeoutMs: 10_000 }));
    expect(watched.log.calls).toHaveLength(2);
    expect(errors).toEqual([]);
    expect(packets).toHaveLength(24);
  });
});

describe('errors', () => {
  it('an unknown voice fails the stream with a non-retryable APIError that keeps the code, and no frame', async () => {
    const tts = new TTS({ engine, ...VOICE, voice: 'nobody' });
    const { errors, packets } = await failing(tts, TEXT); // default connOptions: 3 retries, none taken
    expect(packets).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.error).toBeInstanceOf(APIError);
    expect(errors[0]).toMatchObject({ recoverable: false, error: { retryable: false, body: { code: 'INVALID_INPUT' } } });
    expect(errors[0]!.error.message).toMatch(/^INVALID_INPUT: .*nobody/);
  });

  it('a worker-side error (text spelling a special token) maps the same way', async () => {
    const { errors } = await failing(new TTS({ engine, ...VOICE }), 'Say <|im_end|> now.', NO_RETRY);
    expect(errors[0]).toMatchObject({ error: { retryable: false, message: expect.stringMatching(/^INVALID_INPUT: .*special tokens/) } });
  });

  it('a missing model directory rejects ready() and fails streams with MODEL_NOT_FOUND, not retryable', async () => {
    const tts = new TTS({ model: '/nonexistent/model', ...VOICE });
    await expect(tts.ready()).rejects.toMatchObject({ retryable: false, message: expect.stringMatching(/^MODEL_NOT_FOUND: /) });
    const { errors } = await failing(tts, TEXT);
    expect(errors[0]?.error.message).toMatch(/^MODEL_NOT_FOUND: /);
    await tts.close();
  });
});

describe('engine ownership', () => {
  it('loads and owns an engine from a model directory, and disposes it on close', async () => {
    const tts = new TTS({ model: await standinDir(), threads: 1, ...VOICE });
    expect(tts.ownsEngine).toBe(true);
    await tts.ready();
    expect(tts.model).toBe('Qwen3-TTS-12Hz-0.6B-CustomVoice');
    expect((await drain(tts.synthesize(TEXT))).packets).toHaveLength(24);
    await tts.close();
    await expect(tts.ready()).rejects.toMatchObject({ retryable: false, message: expect.stringMatching(/^CANCELLED: /) });
  });

  it('closes its open streams on close, but leaves a shared engine running', async () => {
    const tts = new TTS({ engine, voice: 'ryan', seed: 4, maxFrames: 2000 });
    const stream = tts.stream();
    stream.pushText('Keep talking, on and on, for a long long time.');
    stream.flush();
    await stream.next();
    await tts.close();
    const runsAtClose = engine.runsStarted();
    expect(stream.abortSignal.aborted).toBe(true);
    await engine.stats();
    expect(engine.runsStarted()).toBeLessThanOrEqual(runsAtClose);
    expect((await drain(new TTS({ engine, ...VOICE }).synthesize(TEXT))).packets).toHaveLength(24);
  });
});
