import { setTimeout as delay } from 'node:timers/promises';
import { tts as lk } from '@livekit/agents';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collectMetrics, drain, initLiveKitLogger, probe, pushInPieces, samplesOf, segmentIds, textStream } from '../testing/livekit.js';
import { standinDir } from '../testing/standin.js';
import { Qwen3Speech } from '../qwen3-speech.js';
import { TTS } from './tts.js';

// maxFrames keeps each sentence at 6 codec frames (480 ms, 12 frames of 40 ms) on the random-weight
// stand-in, which rarely stops by itself; the fixed seed makes the audio repeatable.
const VOICE = { voice: 'ryan', seed: 11, maxFrames: 6 };
const FIRST = 'Hello there, this is parley. It streams while you type! ';
const SECOND = 'A second segment follows the flush.';

let engine: Qwen3Speech;
beforeAll(async () => {
  initLiveKitLogger();
  engine = await Qwen3Speech.load({ model: await standinDir(), threads: 1 });
});
afterAll(() => engine.close());

/** Two segments pushed in `size`-character pieces with a flush between them, then endInput. */
async function speakTwoSegments(size: number) {
  const tts = new TTS({ engine, ...VOICE });
  const stream = tts.stream();
  pushInPieces(stream, FIRST, size);
  stream.flush();
  pushInPieces(stream, SECOND, size);
  stream.endInput();
  return drain(stream);
}

describe('SynthesizeStream', () => {
  it('speaks text pushed in 1-, 2- and 4-character pieces the same: one final per segment, on its last frame, then END_OF_STREAM', async () => {
    const runs = [await speakTwoSegments(1), await speakTwoSegments(2), await speakTwoSegments(4)];
    for (const { packets, endOfStream, afterEnd } of runs) {
      const segments = segmentIds(packets);
      expect(segments).toHaveLength(2);
      for (const segment of segments) {
        const ofSegment = packets.filter((packet) => packet.segmentId === segment);
        expect(ofSegment.map((packet) => packet.final)).toEqual([...Array(ofSegment.length - 1).fill(false), true]);
      }
      // Segments do not interleave: all of the first, then all of the second.
      expect(packets.findIndex((packet) => packet.segmentId === segments[1])).toBe(packets.findIndex((packet) => packet.final) + 1);
      expect(new Set(packets.map((packet) => packet.requestId)).size).toBe(1);
      expect([endOfStream, afterEnd]).toEqual([1, 0]);
      expect(packets).toHaveLength(3 * 12); // three sentences of 480 ms in 40 ms frames
    }
    expect(samplesOf(runs[1]!.packets)).toEqual(samplesOf(runs[0]!.packets));
    expect(samplesOf(runs[2]!.packets)).toEqual(samplesOf(runs[0]!.packets));
  });

  it('queues 24 kHz mono frames of 40 ms, each in a tight buffer of its own (rtc-node reads data.buffer whole)', async () => {
    const { packets } = await speakTwoSegments(4);
    for (const { frame } of packets) {
      expect([frame.sampleRate, frame.channels, frame.samplesPerChannel]).toEqual([24_000, 1, 960]);
      expect([frame.data.byteOffset, frame.data.buffer.byteLength]).toEqual([0, frame.data.byteLength]);
    }
    expect(new Set(packets.map(({ frame }) => frame.data.buffer)).size).toBe(packets.length);
  });

  it.each([
    ['a segment before its flush arrives', 'The first sentence is complete. The second one', ' ends here.'],
    [
      'a sentence from its first words, before the sentence is complete (textMode incremental)',
      'Once upon a time a small robot',
      ' lived by the sea.',
    ],
  ])('starts speaking %s', async (_, start, rest) => {
    const stream = new TTS({ engine, ...VOICE }).stream();
    stream.pushText(start);
    const first = await stream.next();
    expect(first.value).toMatchObject({ final: false });
    stream.pushText(rest);
    stream.endInput();
    const after = await drain(stream);
    expect(after.packets.at(-1)?.final).toBe(true);
    expect(after.endOfStream).toBe(1);
  });

  it('follows the agent pipeline path: updateInputStream, then END_OF_STREAM when the text stream ends', async () => {
    const stream = new TTS({ engine, ...VOICE }).stream();
    stream.updateInputStream(textStream(['Hel', 'lo fr', 'om the ', 'agent.']));
    const { packets, endOfStream } = await drain(stream);
    expect(packets.map((packet) => packet.final)).toEqual([...Array(11).fill(false), true]);
    expect(endOfStream).toBe(1);
  });

  it('reports metrics per segment through the base class: streamed, characters, audio duration, TTFB from the engine start', async () => {
    const tts = new TTS({ engine, ...VOICE });
    const seen = collectMetrics(tts);
    const stream = tts.stream();
    pushInPieces(stream, FIRST, 3);
    stream.flush();
    pushInPieces(stream, SECOND, 3);
    stream.endInput();
    const { packets } = await drain(stream);
    expect(seen).toHaveLength(2);
    expect(seen.map((m) => [m.charactersCount, m.audioDurationMs, m.streamed, m.cancelled])).toEqual([
      [FIRST.length, 960, true, false],
      [SECOND.length, 480, true, false],
    ]);
    for (const m of seen) {
      expect(m).toMatchObject({ label: 'qwen3.TTS', requestId: packets[0]!.requestId });
      expect(m.metadata).toEqual({ modelProvider: 'parley', modelName: 'Qwen3-TTS-12Hz-0.6B-CustomVoice' });
      expect(m.ttfbMs).toBeGreaterThanOrEqual(0);
      expect(m.ttfbMs).toBeLessThanOrEqual(m.durationMs);
    }
  });
});

describe('SynthesizeStream end and abort', () => {
  it('ends cleanly on empty input, whichever way it comes, without running the engine', async () => {
    const tts = new TTS({ engine, ...VOICE });
    const errors: unknown[] = [];
    tts.on('error', (error) => errors.push(error));
    const runs = engine.runsStarted();
    const bare = tts.stream();
    bare.endInput();
    const fromReadable = tts.stream();
    fromReadable.updateInputStream(textStream([]));
    const onlyFlushes = tts.stream();
    onlyFlushes.pushText('');
    onlyFlushes.flush();
    onlyFlushes.flush();
    onlyFlushes.endInput();
    for (const stream of [bare, fromReadable, onlyFlushes]) expect((await drain(stream)).packets).toEqual([]);
    expect(errors).toEqual([]);
    expect(engine.runsStarted()).toBe(runs);
  });

  it('close() mid-segment: nothing is queued after it, the engine is unsubscribed and starts no model run, metrics say cancelled', async () => {
    const watched = probe(engine);
    const tts = new TTS({ engine: watched.engine, voice: 'ryan', seed: 4, maxFrames: 2000 });
    const seen = collectMetrics(tts);
    const stream = tts.stream();
    const queue = (stream as unknown as { queue: { put(item: unknown): void } }).queue;
    let closed = false;
    let queuedAfterClose = 0;
    const put = queue.put.bind(queue);
    queue.put = (item) => {
      if (closed) queuedAfterClose++;
      put(item);
    };
    stream.pushText('Keep talking, on and on, for a long long time.');
    stream.flush();
    await stream.next(); // the first frame
    const eventsAtClose = watched.log.events.length;
    stream.close();
    closed = true;
    const runsAtClose = engine.runsStarted();
    await drain(stream);
    await engine.stats(); // a round trip: the worker has seen the cancel
    await delay(200); // time for more events, were the engine still going
    expect(queuedAfterClose).toBe(0);
    expect(watched.log.events.length).toBe(eventsAtClose);
    expect(watched.log.ended).toBe(1);
    // The worker counts a run before it checks for a cancel, so every run that went ahead is counted.
    expect(engine.runsStarted()).toBeLessThanOrEqual(runsAtClose);
    await vi.waitFor(() => expect(seen.map((m) => m.cancelled)).toEqual([true]));
  });

  it('stops reading input on close while waiting for text, and leaves the engine untouched', async () => {
    const watched = probe(engine);
    const stream = new TTS({ engine: watched.engine, ...VOICE }).stream();
    const output = drain(stream);
    await delay(20); // the stream is waiting for text
    stream.close();
    expect((await output).packets).toEqual([]);
    expect(watched.log.calls).toEqual([]);
  });
});
