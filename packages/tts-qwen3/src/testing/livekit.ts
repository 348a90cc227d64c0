/** Helpers for the LiveKit Agents plugin tests (src/livekit). */
import { ReadableStream } from 'node:stream/web';
import { initializeLogger, tts as lk, type metrics } from '@livekit/agents';
import { wrapSpeech, type SpeechEvent, type TextToSpeech } from '@parley/core';
import { finalize, tap, type Observable } from 'rxjs';
import type { Qwen3SynthesisOptions } from '../synthesis/options.js';

/**
 * @livekit/agents throws "logger not initialized" from every stream constructor until
 * `initializeLogger` ran (its CLI does that in a real agent); silent keeps test output clean.
 */
export function initLiveKitLogger(): void {
  initializeLogger({ pretty: false, level: 'silent' });
}

/** A stream's output read to its end. */
export interface Drained {
  packets: lk.SynthesizedAudio[];
  /** How many END_OF_STREAM markers came. */
  endOfStream: number;
  /** Packets that came after the first END_OF_STREAM. */
  afterEnd: number;
}

/** Reads `stream` until its output closes. */
export async function drain(stream: AsyncIterable<lk.SynthesizedAudio | typeof lk.SynthesizeStream.END_OF_STREAM>): Promise<Drained> {
  const drained: Drained = { packets: [], endOfStream: 0, afterEnd: 0 };
  for await (const item of stream) {
    if (item === lk.SynthesizeStream.END_OF_STREAM) drained.endOfStream++;
    else {
      if (drained.endOfStream > 0) drained.afterEnd++;
      drained.packets.push(item);
    }
  }
  return drained;
}

/** Pushes `text` in pieces of `size` characters, as an LLM's tokens would come. */
export function pushInPieces(stream: lk.SynthesizeStream, text: string, size: number): void {
  for (let i = 0; i < text.length; i += size) stream.pushText(text.slice(i, i + size));
}

/** A ReadableStream of `pieces`, as the agent pipeline hands text to `updateInputStream`. */
export function textStream(pieces: string[]): ReadableStream<string> {
  return new ReadableStream<string>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
}

/** All samples of `packets`, end to end. */
export function samplesOf(packets: lk.SynthesizedAudio[]): Int16Array {
  return Int16Array.from(packets.flatMap((packet) => Array.from(packet.frame.data)));
}

/** The segment ids in order of first appearance. */
export function segmentIds(packets: lk.SynthesizedAudio[]): string[] {
  return [...new Set(packets.map((packet) => packet.segmentId))];
}

/** Collects every metrics event `owner` emits. */
export function collectMetrics(owner: lk.TTS): metrics.TTSMetrics[] {
  const seen: metrics.TTSMetrics[] = [];
  owner.on('metrics_collected', (event) => seen.push(event));
  return seen;
}

/** What a {@link probe} saw of the engine. */
export interface ProbeLog {
  /** Options of each synthesize call. */
  calls: Qwen3SynthesisOptions[];
  /** Engine events, in order. */
  events: SpeechEvent['type'][];
  /** Subscriptions that ended (completed, failed or unsubscribed). */
  ended: number;
}

/**
 * Wraps a real engine so a test sees what the plugin asked of it and when its work ended;
 * `before(call)` may replace a call's stream (e.g. fail the first one).
 */
export function probe(
  engine: TextToSpeech<Qwen3SynthesisOptions>,
  before?: (call: number) => Observable<SpeechEvent> | undefined,
): { engine: TextToSpeech<Qwen3SynthesisOptions>; log: ProbeLog } {
  const log: ProbeLog = { calls: [], events: [], ended: 0 };
  const probed = wrapSpeech(engine, (input, options = {}) => {
    log.calls.push(options);
    const events = before?.(log.calls.length) ?? engine.synthesize(input, options);
    return events.pipe(
      tap((event) => log.events.push(event.type)),
      finalize(() => log.ended++),
    );
  });
  return { log, engine: probed };
}
