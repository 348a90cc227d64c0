/**
 * Qwen3-TTS engine benchmark on the random-weight stand-in (tiny sizes: the numbers measure the
 * engine's own overhead, its ORT call count and the worker hop, not real-model arithmetic).
 * - Through the worker (`Qwen3Speech`): time to first audio and RTF.
 * - In process: median time per frame, and where it goes, per graph.
 */
import { ensureStandinModel } from '@parley/models';
import { lastValueFrom, tap } from 'rxjs';
import { loadModel, loadTokenizer, Qwen3Speech, resolveSynthesisOptions, SAMPLES_PER_FRAME, SAMPLE_RATE_HZ, synthesizeText } from '../src/index.js';
import { printTable, quantile, type BenchRow } from './table.js';

const RUNS = 5;
const FRAMES = 100;
const TEXT = 'Hello there, this is a benchmark sentence for the engine.';

async function throughWorker(dir: string): Promise<BenchRow[]> {
  const tts = await Qwen3Speech.load({ model: dir, threads: 1 });
  await lastValueFrom(tts.synthesize(TEXT, { seed: 0, maxFrames: 10 })); // warm-up
  const ttfa: number[] = [];
  const rtf: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const started = performance.now();
    let firstAudio: number | undefined;
    let samples = 0;
    const count = tap((event: { type: string; frame?: { samplesPerChannel: number } }) => {
      if (event.type !== 'audio') return;
      firstAudio ??= performance.now() - started;
      samples += event.frame!.samplesPerChannel;
    });
    await lastValueFrom(tts.synthesize(TEXT, { seed: run, maxFrames: FRAMES }).pipe(count));
    ttfa.push(firstAudio!);
    rtf.push((performance.now() - started) / ((samples / SAMPLE_RATE_HZ) * 1000));
  }
  await tts.dispose();
  return [
    { case: 'worker: time to first audio (4-frame chunk)', n: RUNS, median: quantile(ttfa, 0.5), p90: quantile(ttfa, 0.9), unit: 'ms' },
    { case: `worker: RTF (≤ ${FRAMES} frames)`, n: RUNS, median: quantile(rtf, 0.5), p90: quantile(rtf, 0.9), unit: '' },
  ];
}

async function inProcess(dir: string): Promise<BenchRow[]> {
  const model = await loadModel(dir, { threads: 1 });
  const runtime = { model, tokenizer: loadTokenizer(dir) };
  const perFrame: number[] = [];
  let allFrames = 0; // of every run, warm-up included, as the monitor's totals are
  for (let run = 0; run <= RUNS; run++) {
    const options = resolveSynthesisOptions({ seed: run, maxFrames: FRAMES }, model.config, () => 0);
    let last = performance.now();
    const onFrame = () => {
      const now = performance.now();
      if (run > 0) perFrame.push(now - last); // run 0 warms up
      last = now;
      allFrames++;
    };
    const audio = synthesizeText(runtime, TEXT, options, undefined, { onFrame });
    for (let step = await audio.next(); !step.done; step = await audio.next());
  }
  const stats = model.monitor.snapshot().byGraph;
  await model.release();
  const mean = (...graphs: string[]) => graphs.reduce((total, graph) => total + (stats[graph]?.ms ?? 0), 0) / allFrames;
  return [
    { case: 'in-process: time per frame', n: perFrame.length, median: quantile(perFrame, 0.5), p90: quantile(perFrame, 0.9), unit: 'ms' },
    { case: 'per frame: talker (prefill + decode)', n: allFrames, median: mean('talker_prefill', 'talker_decode'), unit: 'ms (mean)' },
    { case: 'per frame: code predictor (15 runs)', n: allFrames, median: mean('code_predictor'), unit: 'ms (mean)' },
    { case: 'per frame: embeds (16 runs + prompt)', n: allFrames, median: mean('codec_embed', 'code_predictor_embed', 'text_project'), unit: 'ms (mean)' },
    { case: 'per frame: codec decode', n: allFrames, median: mean('tokenizer12hz_decode'), unit: 'ms (mean)' },
    { case: 'audio per frame', n: 1, median: (SAMPLES_PER_FRAME / SAMPLE_RATE_HZ) * 1000, unit: 'ms' },
  ];
}

const dir = await ensureStandinModel();
const rows = [...(await throughWorker(dir)), ...(await inProcess(dir))];
printTable('@parley/tts-qwen3 on the stand-in model (H=32, 2 layers; CPU, 1 ORT thread per graph)', rows);
