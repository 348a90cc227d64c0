import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff, randomFloats, standinDir, standinLayouts } from '../testing/standin.js';
import { loadModel, type Qwen3Model } from '../model/load-model.js';
import { buildPromptLayout } from '../prompt/layout.js';
import { embedPrompt, type PrefillEmbeds } from '../prompt/prefill-embeds.js';
import { promptIds } from '../prompt/prompt-ids.js';
import { resolveVoice } from '../prompt/voice.js';
import { CodeSampler, DEFAULT_SAMPLING, type FrameSampler } from '../sampling/code-sampler.js';
import { Prng } from '../sampling/prng.js';
import { loadTokenizer, type TextTokenizer } from '../tokenizer/text-tokenizer.js';
import { generateFrames, type TalkerTrace } from './frame-loop.js';
import type { KvCache } from './kv-cache.js';

// One directory with both layouts: the same random weights behind both sets of graphs.
let community: Qwen3Model;
let parley: Qwen3Model;
let tokenizer: TextTokenizer;
beforeAll(async () => {
  ({ community, parley } = await standinLayouts());
  tokenizer = loadTokenizer(community.dir);
});
afterAll(async () => {
  await community.release();
  await parley.release();
});

async function prefillFor(model: Qwen3Model, text: string, streamingText: boolean): Promise<PrefillEmbeds> {
  const { config, graphs, sizes } = model;
  const layout = buildPromptLayout({
    ids: promptIds(tokenizer, text),
    voice: resolveVoice(config, 'ryan', 'english'),
    text: config.text,
    codec: config.codec,
    streamingText,
    honoursInstruction: false,
  });
  return embedPrompt(graphs, layout, config.text.ttsPad, sizes.hidden);
}

const sampler = (doSample: boolean, seed: number) => {
  const params = { ...DEFAULT_SAMPLING, doSample };
  return new CodeSampler(params, params, { eos: 2150, codebook: 2048 }, new Prng(seed));
};

/** Index of the largest of `logits[0..count)`. */
function argmax(logits: Float32Array, count = logits.length): number {
  let best = 0;
  for (let i = 1; i < count; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
}

/** Greedy without the sampler's rules: code 0 over the codebook only, so EOS never ends the loop. */
const ARGMAX: FrameSampler = { sampleFirst: (logits) => argmax(logits, 2048), sampleSub: (logits) => argmax(logits) };

/** Every frame's codes and every talker run's logits, from `model` over `text`. */
async function generate(
  model: Qwen3Model,
  text: string,
  options: { doSample: boolean; seed?: number; streamingText?: boolean; maxFrames?: number },
) {
  const logits: Float32Array[] = [];
  const returned: number[] = [];
  const trace: TalkerTrace = {
    onTalkerRun: (_input, stepLogits) => logits.push(stepLogits.slice()),
    onCache: (cache: KvCache) => returned.push(cache.returnedBytes),
  };
  const prefill = await prefillFor(model, text, options.streamingText ?? true);
  const frames: number[][] = [];
  for await (const codes of generateFrames(model, prefill, sampler(options.doSample, options.seed ?? 1), {
    maxFrames: options.maxFrames ?? 40,
    trace,
  })) {
    frames.push(Array.from(codes));
  }
  return { frames, logits, returned };
}

const PROMPTS = ['Hello, world!', 'The parley layout keeps its cache on our side.', 'Zwei Sätze. Und noch einer!'];

describe('the parley layout in the frame loop', () => {
  it.each(PROMPTS.flatMap((text) => [true, false].map((streamingText) => [text, streamingText] as const)))(
    'gives the community layout’s greedy codes and talker logits within 1e-4 (%s, streaming text %s)',
    async (text, streamingText) => {
      const [a, b] = [
        await generate(community, text, { doSample: false, streamingText }),
        await generate(parley, text, { doSample: false, streamingText }),
      ];
      expect(b.frames.length).toBeGreaterThanOrEqual(32);
      expect(b.frames).toEqual(a.frames);
      expect(b.logits).toHaveLength(a.logits.length);
      expect(Math.max(...a.logits.map((logits, i) => maxAbsDiff(logits, b.logits[i]!)))).toBeLessThan(1e-4);
    },
  );

  it.each([
    { prompt: 8, seed: 91 },
    { prompt: 20, seed: 92 },
    { prompt: 1, seed: 93 },
  ])('gives the community layout’s argmax codes for 40 frames from a random $prompt-position prompt', async ({ prompt, seed }) => {
    const { hidden } = community.sizes;
    const prefill: PrefillEmbeds = {
      embeds: randomFloats(prompt * hidden, seed),
      length: prompt,
      trailing: [],
      ttsPad: randomFloats(hidden, seed + 100),
    };
    const codes = async (model: Qwen3Model) => {
      const frames: number[][] = [];
      for await (const frame of generateFrames(model, prefill, ARGMAX, { maxFrames: 40 })) frames.push(Array.from(frame));
      return frames;
    };
    const [a, b] = [await codes(community), await codes(parley)];
    expect(b).toEqual(a);
    expect(a).toHaveLength(40);
    // Not a degenerate loop: the codes vary over frames.
    expect(new Set(a.map((frame) => frame.join(','))).size).toBeGreaterThan(20);
  });

  it('gives the same sampled codes for the same seed', async () => {
    for (const seed of [3, 4]) {
      expect((await generate(parley, PROMPTS[1]!, { doSample: true, seed })).frames).toEqual(
        (await generate(community, PROMPTS[1]!, { doSample: true, seed })).frames,
      );
    }
  });

  it('runs only parley graphs, 32 a frame, and returns one position of cache a decode step', async () => {
    const before = parley.monitor.snapshot().byGraph;
    const { frames, returned } = await generate(parley, PROMPTS[0]!, { doSample: false, maxFrames: 10 });
    const after = parley.monitor.snapshot().byGraph;
    const runs = (graph: string) => (after[graph]?.runs ?? 0) - (before[graph]?.runs ?? 0);
    expect(frames).toHaveLength(10);
    expect(['talker_prefill', 'talker_decode', 'code_predictor'].map(runs)).toEqual([0, 0, 0]);
    expect(runs('parley_talker_prefill')).toBe(1);
    expect(runs('parley_talker_decode')).toBe(9);
    expect(runs('parley_code_predictor_prefill')).toBe(10);
    expect(runs('parley_code_predictor_step')).toBe(10 * 14);
    // Stand-in talker: 2 layers × (key + value) × [1, 2 kv heads, 8] floats.
    expect(returned.slice(1)).toEqual(Array(9).fill(2 * 2 * 2 * 8 * 4));
  });

  it.each([
    ['int8', 0.05],
    ['q4', 0.4],
  ] as const)(
    'runs a %s stand-in, its first logits within %s of the fp32 logit range (random weights: flat logits, so codes soon differ)',
    async (precision, bound) => {
      const quantized = await loadModel(await standinDir({ layout: 'community+parley', precision }), { threads: 1 });
      try {
        expect([quantized.layout, quantized.precision]).toEqual(['parley', precision]);
        const [exact, approximate] = [
          await generate(parley, PROMPTS[1]!, { doSample: false, maxFrames: 8 }),
          await generate(quantized, PROMPTS[1]!, { doSample: false, maxFrames: 8 }),
        ];
        expect(approximate.frames).toHaveLength(8);
        const range = Math.max(...exact.logits[0]!) - Math.min(...exact.logits[0]!);
        expect(maxAbsDiff(approximate.logits[0]!, exact.logits[0]!)).toBeLessThan(bound * range);
      } finally {
        await quantized.release();
      }
    },
  );

  it('starts no ONNX run once its signal is aborted', async () => {
    const controller = new AbortController();
    const prefill = await prefillFor(parley, PROMPTS[1]!, true);
    let runsAtAbort = -1;
    const inner = sampler(false, 1);
    const aborting = {
      sampleFirst: (logits: Float32Array, frame: number) => inner.sampleFirst(logits, frame),
      sampleSub: (logits: Float32Array, group: number) => {
        if (group === 9 && !controller.signal.aborted) {
          controller.abort();
          runsAtAbort = parley.monitor.snapshot().totalRuns;
        }
        return inner.sampleSub(logits, group);
      },
    };
    const frames = generateFrames(parley, prefill, aborting, { maxFrames: 50, signal: controller.signal });
    await expect(
      (async () => {
        for await (const _ of frames);
      })(),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(parley.monitor.snapshot().totalRuns).toBe(runsAtAbort);
  });
});
