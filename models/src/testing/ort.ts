import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { generateStandinModel, type GenerateOptions } from '../standin/generate.js';
import { fillNormal, mulberry32 } from '../weights/prng.js';

const made = new Set<string>();

/** A new empty temporary directory, removed by {@link removeTemporaryDirs}. */
export function temporaryDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-standin-'));
  made.add(dir);
  return dir;
}

/** A fresh stand-in in its own temporary directory (tests of the generator must not share a cache). */
export async function freshStandin(options: GenerateOptions = {}): Promise<string> {
  const dir = temporaryDir();
  await generateStandinModel(dir, options);
  return dir;
}

/** Removes every directory {@link temporaryDir} made in this test file; use in `afterAll`. */
export function removeTemporaryDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}

/** Opens `<dir>/<name>.onnx` on the CPU provider, single-threaded so results are reproducible. */
export function openGraph(dir: string, name: string): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(join(dir, `${name}.onnx`), { intraOpNumThreads: 1, interOpNumThreads: 1 });
}

/** An int64 tensor from plain numbers. */
export function int64(values: readonly number[], dims: readonly number[]): ort.Tensor {
  return new ort.Tensor(
    'int64',
    BigInt64Array.from(values, (v) => BigInt(v)),
    dims,
  );
}

/** A float32 tensor. */
export function float32(values: Float32Array, dims: readonly number[]): ort.Tensor {
  return new ort.Tensor('float32', values, dims);
}

/** `count` seeded N(0,1) floats, for inputs that must differ between tests but not between runs. */
export function randomFloats(count: number, seed: number): Float32Array {
  return fillNormal(new Float32Array(count), mulberry32(seed), 1);
}

/** A tensor's float data. */
export function floats(tensor: ort.Tensor | undefined): Float32Array {
  if (tensor === undefined) throw new Error('missing output');
  return tensor.data as Float32Array;
}

/** The largest |a[i] − b[i]|; throws when lengths differ. */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/**
 * The trailing `count` values: how an engine reads `logits`/`last_hidden` of either shape
 * (docs/model.md#talker-output-shapes).
 */
export function tail(data: Float32Array, count: number): Float32Array {
  return data.subarray(data.length - count);
}

/** A run's `present_key_i` / `present_value_i`, renamed to the next decode step's `past_*` feeds. */
export function pastFromPresents(outputs: ort.InferenceSession.OnnxValueMapType): Record<string, ort.Tensor> {
  const past: Record<string, ort.Tensor> = {};
  for (const [name, tensor] of Object.entries(outputs)) if (name.startsWith('present_')) past[name.replace('present_', 'past_')] = tensor;
  return past;
}
