/** Streams through the engine at a given concurrency: first audio, throughput, RTF and event-loop lag. */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { lastValueFrom, tap } from 'rxjs';
import { SAMPLES_PER_FRAME, SAMPLE_RATE_HZ } from '@parley/qwen3-contract';
import { Qwen3Speech } from '../src/index.js';
import { quantile, type BenchRow } from '../../../bench/table.js';

/** One stream's measures. */
interface StreamResult {
  firstAudioMs: number;
  frames: number;
  wallMs: number;
}

async function oneStream(tts: Qwen3Speech, text: string, seed: number, maxFrames: number): Promise<StreamResult> {
  const started = performance.now();
  let firstAudioMs = NaN;
  let samples = 0;
  await lastValueFrom(
    tts.synthesize(text, { seed, maxFrames }).pipe(
      tap((event) => {
        if (event.type !== 'audio') return;
        if (Number.isNaN(firstAudioMs)) firstAudioMs = performance.now() - started;
        samples += event.frame.samplesPerChannel;
      }),
    ),
  );
  return { firstAudioMs, frames: samples / SAMPLES_PER_FRAME, wallMs: performance.now() - started };
}

/**
 * `rounds` rounds of `streams` concurrent one-segment streams on `tts`. Time to first audio and
 * RTF are per stream (a queued stream's wait counts); frames/s is all streams' frames over the
 * rounds' wall time; loop lag is the main thread's event-loop delay meanwhile.
 */
export async function concurrencyRows(
  tts: Qwen3Speech,
  label: string,
  streams: number,
  rounds: number,
  text: string,
  maxFrames: number,
): Promise<BenchRow[]> {
  const lag = monitorEventLoopDelay({ resolution: 1 });
  const results: StreamResult[] = [];
  lag.enable();
  const started = performance.now();
  for (let round = 0; round < rounds; round++) {
    results.push(
      ...(await Promise.all(Array.from({ length: streams }, (_, i) => oneStream(tts, text, round * streams + i + 1, maxFrames)))),
    );
  }
  const wallMs = performance.now() - started;
  lag.disable();
  const ttfa = results.map((r) => r.firstAudioMs);
  const rtf = results.map((r) => r.wallMs / ((r.frames * SAMPLES_PER_FRAME * 1000) / SAMPLE_RATE_HZ));
  const frames = results.reduce((total, r) => total + r.frames, 0);
  const n = results.length;
  return [
    { case: `${label}: time to first audio`, n, median: quantile(ttfa, 0.5), p90: quantile(ttfa, 0.9), unit: 'ms' },
    { case: `${label}: RTF per stream`, n, median: quantile(rtf, 0.5), p90: quantile(rtf, 0.9), unit: '' },
    { case: `${label}: throughput`, n: rounds, median: frames / (wallMs / 1000), unit: 'frames/s (all streams)' },
    { case: `${label}: event-loop lag p99`, n: lag.count, median: lag.percentile(99) / 1e6, unit: 'ms (target ≤ 10)' },
  ];
}
