/**
 * `node --import tsx bench/parley-layout.ts [--context 200] [--runs 20] [--talker-layers 2]`
 *
 * Micro-bench of the parley layout's two changes (docs/model.md#parley-layout), at the real 0.6B
 * widths (REAL_0_6B_SIZES) but only `--talker-layers` talker layers (2 by default, to build and run
 * fast: the talker's per-step cost, cache copies included, scales about linearly with layers, so
 * ×14 estimates 28). The code predictor keeps its real 5 layers. Compares per step:
 * - community `talker_decode` (returns the whole cache at `--context`) vs `parley_talker_decode`
 *   (returns only the new K/V; the capacity cache goes in as it is);
 * - 15 community `code_predictor` calls (S = 2..16, full recompute) vs parley prefill + 14 steps.
 * Only the graphs needed are built, into a temporary directory. The parley steps read capacity
 * buffers of random values with `past_length` set (contents do not change the timing); the
 * engine's own write of each new position into its cache, a few hundred bytes a step, is left
 * out: the tts-qwen3 benches time the engine whole.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { buildGraph } from '../src/graphs/build-graph.js';
import { buildParleyGraph } from '../src/graphs/parley/build-parley-graph.js';
import { writeModel } from '../src/onnx/model-writer.js';
import { REAL_0_6B_SIZES, type StandinSizes } from '../src/standin/sizes.js';
import { float32, int64, randomFloats } from '../src/testing/ort.js';
import { RandomWeights } from '../src/weights/random-weights.js';

const { values } = parseArgs({
  options: {
    context: { type: 'string', default: '200' },
    runs: { type: 'string', default: '20' },
    'talker-layers': { type: 'string', default: '2' },
  },
});
const CONTEXT = Number(values.context);
const RUNS = Number(values.runs);
const sizes: StandinSizes = { ...REAL_0_6B_SIZES, layers: Number(values['talker-layers']) };
const H = sizes.hidden;
const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
// Two threads: the machines parley is built and measured on have two cores.
const sessionOptions: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 2, interOpNumThreads: 1 };

async function open(name: string, build: () => ReturnType<typeof buildGraph>): Promise<ort.InferenceSession> {
  writeModel(join(dir, `${name}.onnx`), build(), { externalData: 'auto' });
  return ort.InferenceSession.create(join(dir, `${name}.onnx`), sessionOptions);
}

/** Median milliseconds of `fn` over RUNS runs after 3 warm-ups. */
async function median(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

/** `past_key_i` / `past_value_i` of `dims` per layer, random values (they do not change the timing). */
function randomPast(layers: number, dims: readonly number[], seed: number): Record<string, ort.Tensor> {
  const past: Record<string, ort.Tensor> = {};
  const count = dims.reduce((a, b) => a * b, 1);
  for (let i = 0; i < layers; i++) {
    past[`past_key_${i}`] = float32(randomFloats(count, seed + 2 * i), dims);
    past[`past_value_${i}`] = float32(randomFloats(count, seed + 2 * i + 1), dims);
  }
  return past;
}

const pastLength = (length: number) => ({ past_length: int64([length], [1]) });

async function benchTalker(): Promise<void> {
  const weights = new RandomWeights(1);
  const community = await open('talker_decode', () => buildGraph('talker_decode', weights, sizes));
  const parley = await open('parley_talker_decode', () => buildParleyGraph('parley_talker_decode', weights, sizes));
  const embed = float32(randomFloats(H, 1), [1, 1, H]);
  const past = randomPast(sizes.layers, [1, sizes.kvHeads, CONTEXT, sizes.headDim], 10);
  const mask = int64(Array(CONTEXT + 1).fill(1), [1, CONTEXT + 1]);
  const capacity = { ...randomPast(sizes.layers, [sizes.kvHeads, 2 * CONTEXT, sizes.headDim], 50), ...pastLength(CONTEXT) };
  const c = await median(() => community.run({ inputs_embeds: embed, attention_mask: mask, ...past }));
  const p = await median(() => parley.run({ inputs_embeds: embed, ...capacity }));
  const mb = (2 * sizes.layers * (CONTEXT + 1) * sizes.kvHeads * sizes.headDim * 4) / 1e6;
  console.log(
    `talker decode, ${sizes.layers} layers, context ${CONTEXT} (community returns ${mb.toFixed(1)} MB): community ${c.toFixed(2)} ms, parley ${p.toFixed(2)} ms`,
  );
}

async function benchCodePredictor(): Promise<void> {
  const weights = new RandomWeights(1);
  const community = await open('code_predictor', () => buildGraph('code_predictor', weights, sizes));
  const prefill = await open('parley_code_predictor_prefill', () => buildParleyGraph('parley_code_predictor_prefill', weights, sizes));
  const step = await open('parley_code_predictor_step', () => buildParleyGraph('parley_code_predictor_step', weights, sizes));
  const context = randomFloats(16 * H, 2);
  const c = await median(async () => {
    for (let s = 2; s <= 16; s++)
      await community.run({ inputs_embeds: float32(context.subarray(0, s * H), [1, s, H]), generation_step: int64([s - 2], [1]) });
  });
  const capacity = randomPast(sizes.cpLayers, [sizes.cpKvHeads, 16, sizes.cpHeadDim], 3);
  const p = await median(async () => {
    await prefill.run({ inputs_embeds: float32(context.subarray(0, 2 * H), [1, 2, H]) });
    for (let s = 3; s <= 16; s++) {
      await step.run({
        inputs_embeds: float32(context.subarray((s - 1) * H, s * H), [1, 1, H]),
        generation_step: int64([s - 2], [1]),
        ...capacity,
        ...pastLength(s - 1),
      });
    }
  });
  console.log(
    `code predictor per frame, ${sizes.cpLayers} layers: community 15 calls ${c.toFixed(2)} ms, parley prefill + 14 steps ${p.toFixed(2)} ms`,
  );
}

try {
  await benchTalker();
  await benchCodePredictor();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
