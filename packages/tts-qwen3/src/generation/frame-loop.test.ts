import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff, standinRuntime } from '../testing/standin.js';
import { float32Tensor, lastValues, onesMask, outputFloats } from '../model/tensors.js';
import { buildPromptLayout } from '../prompt/layout.js';
import { embedPrompt, type PrefillEmbeds } from '../prompt/prefill-embeds.js';
import { promptIds } from '../prompt/prompt-ids.js';
import { resolveVoice } from '../prompt/voice.js';
import { CodeSampler, DEFAULT_SAMPLING, type FrameSampler } from '../sampling/code-sampler.js';
import { Prng } from '../sampling/prng.js';
import type { SynthesisRuntime } from '../synthesis/synthesize-text.js';
import { generateFrames, type FrameLoopOptions, type StopReason } from './frame-loop.js';

let runtime: SynthesisRuntime;
let allPositions: SynthesisRuntime;
beforeAll(async () => {
  runtime = await standinRuntime();
  allPositions = await standinRuntime({ lastHiddenAllPositions: true });
});
afterAll(async () => {
  await runtime.model.release();
  await allPositions.model.release();
});

async function prefillFor(rt: SynthesisRuntime, text = 'Hello, world!'): Promise<PrefillEmbeds> {
  const { config, graphs, sizes } = rt.model;
  const layout = buildPromptLayout({
    ids: promptIds(rt.tokenizer, text),
    voice: resolveVoice(config, 'ryan', 'english'),
    text: config.text,
    codec: config.codec,
    streamingText: true,
    honoursInstruction: false,
  });
  return embedPrompt(graphs, layout, config.text.ttsPad, sizes.hidden);
}

const greedy = () =>
  new CodeSampler(
    { ...DEFAULT_SAMPLING, doSample: false },
    { ...DEFAULT_SAMPLING, doSample: false },
    { eos: 2150, codebook: 2048 },
    new Prng(1),
  );
const seeded = (seed: number) => new CodeSampler(DEFAULT_SAMPLING, DEFAULT_SAMPLING, { eos: 2150, codebook: 2048 }, new Prng(seed));

async function run(rt: SynthesisRuntime, sampler: FrameSampler, options: FrameLoopOptions, prefill?: PrefillEmbeds) {
  const frames: number[][] = [];
  const loop = generateFrames(rt.model, prefill ?? (await prefillFor(rt)), sampler, options);
  for (;;) {
    const step = await loop.next();
    if (step.done) return { frames, stop: step.value as StopReason };
    frames.push(Array.from(step.value));
  }
}
const runsOf = (rt: SynthesisRuntime, graph: string) => rt.model.monitor.snapshot().byGraph[graph]?.runs ?? 0;

describe('generateFrames', () => {
  it('keeps the KV cache right: each decode step gives the logits of a fresh prefill over the whole sequence', async () => {
    const prefill = await prefillFor(runtime);
    const talker: { input: Float32Array | undefined; logits: Float32Array; lastHidden: Float32Array }[] = [];
    const trace = {
      onTalkerRun: (input: Float32Array | undefined, logits: Float32Array, lastHidden: Float32Array) =>
        talker.push({ input, logits, lastHidden }),
    };
    await run(runtime, greedy(), { maxFrames: 6, trace }, prefill);
    expect(talker).toHaveLength(6); // the prefill and 5 decode steps
    const H = runtime.model.sizes.hidden;
    let sequence = prefill.embeds;
    for (const step of talker.slice(1)) {
      sequence = Float32Array.from([...sequence, ...step.input!]);
      const length = sequence.length / H;
      const reference = await runtime.model.graphs.talkerPrefill.run({
        inputs_embeds: float32Tensor(sequence, [1, length, H]),
        attention_mask: onesMask(length),
      });
      expect(maxAbsDiff(step.logits, lastValues(outputFloats(reference, 'logits'), 3072))).toBeLessThan(1e-4);
      expect(maxAbsDiff(step.lastHidden, lastValues(outputFloats(reference, 'last_hidden'), H))).toBeLessThan(1e-4);
    }
  });

  it('reports through KvCache a cache one position longer per decode step, of a constant size per position', async () => {
    const seen: { length: number; bytes: number }[] = [];
    const trace = {
      onTalkerRun: () => undefined,
      onCache: (cache: { length: number; returnedBytes: number }) => seen.push({ length: cache.length, bytes: cache.returnedBytes }),
    };
    const prefill = await prefillFor(runtime);
    await run(runtime, greedy(), { maxFrames: 5, trace }, prefill);
    expect(seen.map((c) => c.length)).toEqual([0, 1, 2, 3, 4].map((k) => prefill.length + k));
    const perPosition = seen[0]!.bytes / seen[0]!.length;
    expect(seen.every((c) => c.bytes === perPosition * c.length && c.bytes > 0)).toBe(true);
  });

  // Exports differ in the prefill's last_hidden shape: docs/model.md#talker-output-shapes.
  it('gives the same codes whether the prefill returns last_hidden as [1,1,H] or [1,T,H]', async () => {
    expect((await run(allPositions, seeded(5), { maxFrames: 8 })).frames).toEqual((await run(runtime, seeded(5), { maxFrames: 8 })).frames);
  });

  it('stops when code 0 is EOS, emitting only the frames before it', async () => {
    const decodesBefore = runsOf(runtime, 'talker_decode');
    const eosAtFrame3: FrameSampler = {
      sampleFirst: (_logits, frame) => (frame < 3 ? 10 + frame : 2150),
      sampleSub: (_logits, group) => group,
    };
    const { frames, stop } = await run(runtime, eosAtFrame3, { maxFrames: 100 });
    expect(stop).toBe('eos');
    expect(frames).toEqual([10, 11, 12].map((c0) => [c0, ...Array.from({ length: 15 }, (_, j) => j + 1)]));
    expect(runsOf(runtime, 'talker_decode') - decodesBefore).toBe(3);
  });

  it('stops at maxFrames without a talker run for a frame that will not be made', async () => {
    const decodesBefore = runsOf(runtime, 'talker_decode');
    const { frames, stop } = await run(runtime, greedy(), { maxFrames: 5 });
    expect([frames.length, stop]).toEqual([5, 'max-frames']);
    expect(runsOf(runtime, 'talker_decode') - decodesBefore).toBe(4);
  });

  it('makes 16 codes a frame, code 0 and the rest all in 0..2047', async () => {
    const { frames } = await run(runtime, seeded(2), { maxFrames: 20 });
    expect(frames.every((codes) => codes.length === 16 && codes.every((c) => Number.isInteger(c) && c >= 0 && c < 2048))).toBe(true);
  });

  it('with the real sampler and EOS the likeliest code from the start, stops at frame 2 (min_new_tokens masks frames 0 and 1)', async () => {
    const sampler = seeded(3);
    const eosFavoured: FrameSampler = {
      sampleFirst: (logits, frame) => {
        const biased = logits.slice();
        biased[2150] = 100;
        return sampler.sampleFirst(biased, frame);
      },
      sampleSub: (logits, group) => sampler.sampleSub(logits, group),
    };
    const { frames, stop } = await run(runtime, eosFavoured, { maxFrames: 100 });
    expect([frames.length, stop]).toEqual([2, 'eos']);
  });

  it('starts no ONNX run once its signal is aborted', async () => {
    const controller = new AbortController();
    let runsAtAbort = -1;
    const sampler = greedy();
    const aborting: FrameSampler = {
      sampleFirst: (logits, frame) => sampler.sampleFirst(logits, frame),
      sampleSub: (logits, group) => {
        if (group === 7 && !controller.signal.aborted) {
          controller.abort();
          runsAtAbort = runtime.model.monitor.snapshot().totalRuns;
        }
        return sampler.sampleSub(logits, group);
      },
    };
    await expect(run(runtime, aborting, { maxFrames: 50, signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(runtime.model.monitor.snapshot().totalRuns).toBe(runsAtAbort);
  });
});
