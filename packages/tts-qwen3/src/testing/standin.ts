/** Shared test helpers: the stand-in model, temporary copies of it, and runners. */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureStandinModel, type StandinOptions } from '@parley/models';
import { concatSamples } from '@parley/core';
import { cudaProviderLibrary } from '../model/device.js';
import { loadModel, type Qwen3Model } from '../model/load-model.js';
import { resolveSynthesisOptions, type Qwen3SynthesisOptions, type ResolvedSynthesisOptions } from '../synthesis/options.js';
import type { ArrivingText } from '../synthesis/arriving-text.js';
import { synthesizeText, type SynthesisHooks, type SynthesisRuntime, type SynthesisSummary } from '../synthesis/synthesize-text.js';
import { loadTokenizer } from '../tokenizer/text-tokenizer.js';
import type { CancelSignal } from '../model/cancellation.js';
import { Prng } from '../sampling/prng.js';

/** The cached default stand-in (in the tests' cache, models/cache), or one made with `options`. */
export function standinDir(options?: StandinOptions): Promise<string> {
  return ensureStandinModel(undefined, options);
}

/** The stand-in loaded in process, single-threaded so runs are reproducible. */
export async function standinRuntime(options?: StandinOptions): Promise<SynthesisRuntime> {
  const dir = await standinDir(options);
  return { model: await loadModel(dir, { threads: 1 }), tokenizer: loadTokenizer(dir) };
}

const temporary: string[] = [];

/** A temporary copy of the stand-in (made with `options`) to break; removed by {@link removeCopies}. */
export async function standinCopy(options?: StandinOptions): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-tts-qwen3-'));
  temporary.push(dir);
  cpSync(await standinDir(options), dir, { recursive: true });
  return dir;
}

/** A new empty temporary directory; removed by {@link removeCopies}. */
export function emptyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-tts-qwen3-'));
  temporary.push(dir);
  return dir;
}

/** Whether onnxruntime-node has its CUDA provider library here (a GPU host after `npm run setup:cuda`). */
export function cudaLibrariesPresent(): boolean {
  const library = cudaProviderLibrary();
  return library !== undefined && existsSync(library);
}

/** Removes every directory made by {@link standinCopy} and {@link emptyDir}; use in `afterAll`. */
export function removeCopies(): void {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Options resolved against `model` and the cloning graphs it has, with a fixed fallback seed. */
export function resolved(model: Qwen3Model, options: Qwen3SynthesisOptions): ResolvedSynthesisOptions {
  const capabilities = { speakerEncoder: model.graphs.speakerEncoder !== undefined, codecEncoder: model.graphs.codecEncoder !== undefined };
  return resolveSynthesisOptions(options, model.config, () => 12345, capabilities);
}

/** Greedy everywhere: the same output whatever the seed. */
export const GREEDY: Qwen3SynthesisOptions = { doSample: false, subCodes: { doSample: false } };

/** Everything one in-process synthesis produced. */
export interface Collected {
  chunks: Float32Array[];
  audio: Float32Array;
  frames: Int32Array[];
  summary: SynthesisSummary;
}

/** Runs {@link synthesizeText} to the end and gathers its chunks, frames and summary. */
export async function collect(
  runtime: SynthesisRuntime,
  text: string | ArrivingText,
  options: Qwen3SynthesisOptions,
  signal?: CancelSignal,
  hooks: SynthesisHooks = {},
): Promise<Collected> {
  const frames: Int32Array[] = [];
  const chunks: Float32Array[] = [];
  const audio = synthesizeText(runtime, text, resolved(runtime.model, options), signal, {
    ...hooks,
    onFrame: (codes) => {
      frames.push(codes);
      hooks.onFrame?.(codes);
    },
  });
  for (;;) {
    const step = await audio.next();
    if (step.done) return { chunks, audio: concat(chunks), frames, summary: step.value };
    chunks.push(step.value);
  }
}

/** The chunks end to end. */
export function concat(chunks: readonly Float32Array[]): Float32Array {
  return concatSamples(chunks, (length) => new Float32Array(length));
}

/** The largest |a[i] − b[i]|; Infinity when lengths differ. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** The stand-in with both layouts, loaded once as each: the same random weights behind both sets of graphs. */
export async function standinLayouts(): Promise<{ community: Qwen3Model; parley: Qwen3Model }> {
  const dir = await standinDir({ layout: 'community+parley' });
  const [community, parley] = await Promise.all([
    loadModel(dir, { threads: 1, layout: 'community' }),
    loadModel(dir, { threads: 1, layout: 'parley' }),
  ]);
  return { community, parley };
}

/** `count` seeded N(0, 1) floats (Box–Muller over the engine's PRNG): inputs that differ between tests but not between runs. */
export function randomFloats(count: number, seed: number): Float32Array {
  const prng = new Prng(seed);
  const uniform = () => 1 - prng.nextFloat(); // (0, 1]: the log below stays finite
  return Float32Array.from({ length: count }, () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
}
