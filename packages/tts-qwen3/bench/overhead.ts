/** In process: per-frame orchestration overhead, where the run time goes, and the KV cache per step. */
import {
  CodeSampler,
  loadModel,
  loadTokenizer,
  Prng,
  resolveSynthesisOptions,
  synthesizeText,
  type Device,
  type FrameSampler,
  type KvCache,
  type ModelLayout,
  type Qwen3Model,
} from '../src/internals.js';
import { quantile, type BenchRow } from '../../../bench/table.js';

/** What {@link overheadRows} loads and how. */
export interface OverheadOptions {
  /** ORT intra-op threads per graph (default 1). */
  readonly threads?: number;
  readonly layout?: ModelLayout;
  readonly device?: Device;
  /** On WebGPU, whether the KV caches stay on the GPU (default true). */
  readonly kvCacheOnDevice?: boolean;
}

/**
 * Runs `runs` syntheses (one more to warm up) and times each frame: its wall time, and the part
 * of it spent outside `session.run` (JS sampling, embedding sums, tensor set-up, decode
 * bookkeeping). The time inside runs comes from the RunMonitor, which times each `run` call.
 */
export async function overheadRows(
  dir: string,
  runs: number,
  text: string,
  maxFrames: number,
  options: OverheadOptions = {},
): Promise<BenchRow[]> {
  const { threads = 1, layout = 'community', device = 'cpu', kvCacheOnDevice = true } = options;
  const model = await loadModel(dir, { threads, layout, device, kvCacheOnDevice });
  try {
    return await overheadRowsOf(model, device, runs, text, maxFrames);
  } finally {
    await model.release();
  }
}

/** {@link overheadRows} of a model already loaded (on `device`); the model's run counts include these runs after. */
export async function overheadRowsOf(
  model: Qwen3Model,
  device: Device,
  runs: number,
  text: string,
  maxFrames: number,
): Promise<BenchRow[]> {
  const { layout } = model;
  const runtime = { model, tokenizer: loadTokenizer(model.dir) };
  const perFrame: number[] = [];
  const overhead: number[] = [];
  const kvBytes: number[] = [];
  const firstAudio: number[] = [];
  let allFrames = 0;
  for (let run = 0; run <= runs; run++) {
    const options = resolveSynthesisOptions({ seed: run, maxFrames }, model.config, () => 0);
    let [lastWall, lastRun] = [performance.now(), model.monitor.runMs()];
    const onFrame = () => {
      const [wall, runMs] = [performance.now(), model.monitor.runMs()];
      if (run > 0) (perFrame.push(wall - lastWall), overhead.push(wall - lastWall - (runMs - lastRun))); // run 0 warms up
      [lastWall, lastRun] = [wall, runMs];
      allFrames++;
    };
    const trace = { onTalkerRun: () => undefined, onCache: (cache: KvCache) => run > 0 && kvBytes.push(cache.returnedBytes) };
    const started = performance.now();
    const audio = synthesizeText(runtime, text, options, undefined, {
      onFrame,
      trace,
      sampler: withoutEos(
        new CodeSampler(
          options.first,
          options.sub,
          { eos: model.config.codec.eos, codebook: model.sizes.codebook },
          new Prng(options.seed),
        ),
      ),
    });
    for (let step = await audio.next(); !step.done; step = await audio.next()) {
      if (run > 0 && firstAudio.length < run) firstAudio.push(performance.now() - started);
    }
  }
  const stats = model.monitor.snapshot().byGraph;
  const mean = (...graphs: string[]) => graphs.reduce((total, graph) => total + (stats[graph]?.ms ?? 0), 0) / allFrames;
  const p = layout === 'parley' ? 'parley_' : '';
  const decode = stats[`${p}talker_decode`] ?? { runs: 1, ms: 0 };
  const where = device === 'cpu' ? '' : ` on ${device}${model.kvCache === 'device' ? '' : ' (KV cache in host memory)'}`;
  const label = `${layout}${model.precision === 'fp32' ? '' : ` ${model.precision}`}${where}`;
  return [
    { case: `${label}: time to first audio (in process)`, n: firstAudio.length, median: quantile(firstAudio, 0.5), unit: 'ms' },
    { case: `${label}: time per frame`, n: perFrame.length, median: quantile(perFrame, 0.5), p90: quantile(perFrame, 0.9), unit: 'ms' },
    {
      case: `${label}: overhead per frame (outside session.run)`,
      n: overhead.length,
      median: quantile(overhead, 0.5),
      p90: quantile(overhead, 0.9),
      unit: 'ms (target ≤ 0.3)',
    },
    {
      case: `${label}: per frame: talker (prefill + decode)`,
      n: allFrames,
      median: mean(`${p}talker_prefill`, `${p}talker_decode`),
      unit: 'ms (mean)',
    },
    {
      case: `${label}: per frame: code predictor (15 runs)`,
      n: allFrames,
      median: mean('code_predictor', 'parley_code_predictor_prefill', 'parley_code_predictor_step'),
      unit: 'ms (mean)',
    },
    ...(model.kvCache === 'device' && layout === 'parley'
      ? [
          {
            case: `${label}: per frame: KV appends on the device (16 runs)`,
            n: allFrames,
            median: mean('parley_talker_kv_append', 'parley_code_predictor_kv_append'),
            unit: 'ms (mean)',
          },
        ]
      : []),
    {
      case: `${label}: per frame: embeds (16 runs + prompt)`,
      n: allFrames,
      median: mean('codec_embed', 'code_predictor_embed', 'text_project'),
      unit: 'ms (mean)',
    },
    { case: `${label}: per frame: codec decode`, n: allFrames, median: mean('tokenizer12hz_decode'), unit: 'ms (mean)' },
    {
      case: `${label}: KV cache returned to the host per decode step`,
      n: kvBytes.length,
      median: quantile(kvBytes, 0.5) / 1e6,
      p90: quantile(kvBytes, 0.9) / 1e6,
      unit: 'MB',
    },
    {
      case: `${label}: talker decode run per step (incl. KV copy-out)`,
      n: decode.runs,
      median: decode.ms / decode.runs,
      unit: 'ms (mean)',
    },
  ];
}

/**
 * `sampler` with EOS always masked (as in the first frames, `min_new_tokens`), so that every run
 * and variant times the same number of frames: random weights sample EOS at arbitrary frames.
 */
export function withoutEos(sampler: FrameSampler): FrameSampler {
  return { sampleFirst: (logits) => sampler.sampleFirst(logits, 0), sampleSub: (logits, group) => sampler.sampleSub(logits, group) };
}
