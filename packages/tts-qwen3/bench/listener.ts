/**
 * A real-time listener: it starts playing at the first audio and plays every chunk as soon as
 * both it has arrived and the one before has finished. A chunk that arrives after the previous
 * one ran out is an underrun; vLLM-Omni counts a gap over 100 ms as one. Measured in process on
 * `streams` syntheses run at once on one model (they share its thread, as streams share a worker).
 */
import { CodeSampler, loadTokenizer, Prng, resolveSynthesisOptions, synthesizeText, type Qwen3Model } from '../src/internals.js';
import { Subject } from 'rxjs';
import { float32ToInt16, PcmFrame, withStartupLead, type SpeechEvent, type StartupLeadOptions } from '@parley/core';
import { withoutEos } from './overhead.js';
import { quantile, type BenchRow } from '../../../bench/table.js';

/** Gaps longer than this are underruns (vLLM-Omni's threshold). */
const UNDERRUN_MS = 100;
const SAMPLE_RATE = 24_000;

/** One chunk as the listener got it. */
export interface Arrival {
  readonly atMs: number;
  readonly samples: number;
}

/** What a listener of one stream experienced. */
export interface ListenerReport {
  readonly firstAudioMs: number;
  readonly underruns: number;
  readonly stallMs: number;
}

/** Plays `arrivals` (times from the request) as a listener would. */
export function listen(arrivals: readonly Arrival[]): ListenerReport {
  let playedUntil = arrivals[0]?.atMs ?? 0;
  let [underruns, stallMs] = [0, 0];
  for (const { atMs, samples } of arrivals) {
    const gap = atMs - playedUntil;
    if (gap > UNDERRUN_MS) underruns++;
    if (gap > 0) stallMs += gap;
    playedUntil = Math.max(playedUntil, atMs) + (samples / SAMPLE_RATE) * 1000;
  }
  return { firstAudioMs: arrivals[0]?.atMs ?? Number.NaN, underruns, stallMs };
}

/**
 * TTFA, underruns and total stall over `streams` concurrent syntheses of `frames` frames each;
 * `lead` puts core's `withStartupLead` between the engine and the listener, as Qwen3Speech does.
 */
export async function listenerRows(
  model: Qwen3Model,
  label: string,
  streams: number,
  text: string,
  frames: number,
  lead?: StartupLeadOptions,
): Promise<BenchRow[]> {
  const runtime = { model, tokenizer: loadTokenizer(model.dir) };
  const one = async (seed: number): Promise<ListenerReport> => {
    const options = resolveSynthesisOptions({ seed, maxFrames: frames }, model.config, () => 0);
    const sampler = withoutEos(
      new CodeSampler(options.first, options.sub, { eos: model.config.codec.eos, codebook: model.sizes.codebook }, new Prng(seed)),
    );
    const started = performance.now();
    const arrivals: Arrival[] = [];
    const events = new Subject<SpeechEvent>();
    (lead ? events.pipe(withStartupLead(lead)) : events).subscribe((event) => {
      if (event.type === 'audio') arrivals.push({ atMs: performance.now() - started, samples: event.frame.samplesPerChannel });
    });
    events.next({ type: 'segment-start', index: 0, text });
    const audio = synthesizeText(runtime, text, options, undefined, { sampler });
    for (let step = await audio.next(); !step.done; step = await audio.next())
      events.next({ type: 'audio', index: 0, frame: new PcmFrame(float32ToInt16(step.value), SAMPLE_RATE) });
    events.next({ type: 'done', segments: 1 });
    events.complete();
    return listen(arrivals);
  };
  const reports = await Promise.all(Array.from({ length: streams }, (_, i) => one(i + 1)));
  const tag = `${label}, ${streams} stream${streams > 1 ? 's' : ''}`;
  return [
    {
      case: `${tag}: time to first audio`,
      n: streams,
      median: quantile(
        reports.map((r) => r.firstAudioMs),
        0.5,
      ),
      unit: 'ms',
    },
    {
      case: `${tag}: underruns (> ${UNDERRUN_MS} ms) once playing`,
      n: streams,
      median: quantile(
        reports.map((r) => r.underruns),
        0.5,
      ),
      unit: 'count',
    },
    {
      case: `${tag}: total stall once playing`,
      n: streams,
      median: quantile(
        reports.map((r) => r.stallMs),
        0.5,
      ),
      unit: 'ms',
    },
  ];
}
