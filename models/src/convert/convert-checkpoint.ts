import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ParleyError } from '@parley/core';
import { PARLEY_GRAPH_NAMES, PARLEY_LAYOUT_FILE, parleyLayoutManifest, SHARED_GRAPH_NAMES, WEIGHT_PRECISIONS, type WeightPrecision } from '@parley/qwen3-contract';
import { writeModel } from '../onnx/model-writer.js';
import { readManifest } from '../standin/manifest.js';
import { sizesFromConfigJson } from '../standin/sizes-from-config.js';
import type { StandinSizes } from '../standin/sizes.js';
import { SafetensorsWeights } from '../weights/safetensors-weights.js';
import { buildAnyGraph, checkpointWeightSpecs, CONVERTED_GRAPHS } from './checkpoint-graphs.js';
import { copyInto, filesToCopy, isDirectory } from './copied-files.js';

/** The precisions {@link convertCheckpoint} writes. */
export const CONVERT_PRECISIONS: readonly WeightPrecision[] = WEIGHT_PRECISIONS;

/** Options of {@link convertCheckpoint}. */
export interface ConvertOptions {
  /** An official Qwen3-TTS checkpoint: `config.json` and `model.safetensors` (or shards with an index). */
  checkpointDir: string;
  /** Where the parley layout goes (created if needed). */
  outDir: string;
  /**
   * A community-layout model directory to copy `tokenizer12hz_decode.onnx` (required),
   * `speaker_encoder.onnx` and `tokenizer12hz_encode.onnx` from; without it they must be in
   * `checkpointDir`.
   */
  codecDir?: string;
  /** Weight precision of the parley graphs' Linear weights (`fp32` by default; {@link CONVERT_PRECISIONS}). */
  precision?: WeightPrecision;
  /** Called after each file is built or copied. */
  onProgress?: (progress: ConvertProgress) => void;
}

/** One finished step of a conversion. */
export interface ConvertProgress {
  /** `built` from the checkpoint's weights, or `copied` as it is. */
  readonly action: 'built' | 'copied';
  readonly file: string;
  /** The file's size, plus its `.onnx.data` side file for a built graph that has one. */
  readonly bytes: number;
  /** 1-based position of this step among `total`. */
  readonly index: number;
  readonly total: number;
  readonly seconds: number;
}

/** What {@link convertCheckpoint} wrote. */
export interface ConvertedModel {
  readonly outDir: string;
  readonly sizes: StandinSizes;
  /** Every file written or copied (parley-layout.json included), with its size in bytes. */
  readonly files: Readonly<Record<string, number>>;
  readonly bytes: number;
  readonly seconds: number;
}

/**
 * Converts an official Qwen3-TTS checkpoint into the parley layout (issue 7): builds
 * `text_project`, `codec_embed`, `code_predictor_embed` and the `parley_*` graphs from its
 * safetensors with the same builders as the stand-in, copies the codec graphs (from `codecDir`),
 * config.json and the tokenizer files, and writes `parley-layout.json` (layout `parley`) last.
 *
 * Every tensor is checked against config.json's sizes before anything is written; a missing or
 * misshaped tensor throws a `ParleyError` `INVALID_INPUT` naming the first one. Graphs are built
 * and written one at a time, so a real checkpoint peaks at about one graph's weights in memory.
 *
 * @example
 * ```ts
 * const model = await convertCheckpoint({ checkpointDir: 'Qwen3-TTS-12Hz-0.6B-CustomVoice', outDir: 'parley-0.6b', codecDir: 'zukky-0.6b' });
 * console.log(model.files);
 * ```
 */
export async function convertCheckpoint(options: ConvertOptions): Promise<ConvertedModel> {
  const started = performance.now();
  const { checkpointDir, outDir } = options;
  const precision = options.precision ?? 'fp32';
  if (!CONVERT_PRECISIONS.includes(precision)) throw invalid(`precision ${precision} is not supported; supported: ${CONVERT_PRECISIONS.join(', ')}`);
  if (!isDirectory(checkpointDir)) throw invalid(`checkpoint directory ${checkpointDir} does not exist`);
  const sizes = readSizes(checkpointDir, options.codecDir);
  const copies = filesToCopy(checkpointDir, options.codecDir);
  const weights = openCheckedWeights(checkpointDir, sizes);
  mkdirSync(outDir, { recursive: true });
  const files: Record<string, number> = {};
  const total = CONVERTED_GRAPHS.length + copies.length;
  let index = 0;
  const report = (action: ConvertProgress['action'], file: string, bytes: number, since: number): void =>
    options.onProgress?.({ action, file, bytes, index: ++index, total, seconds: (performance.now() - since) / 1000 });
  for (const name of CONVERTED_GRAPHS) {
    const since = performance.now();
    const written = writeModel(join(outDir, `${name}.onnx`), buildAnyGraph(name, weights, sizes, precision), { externalData: 'auto' });
    files[`${name}.onnx`] = written.modelBytes;
    if (written.externalBytes > 0) files[`${name}.onnx.data`] = written.externalBytes;
    report('built', `${name}.onnx`, written.modelBytes + written.externalBytes, since);
    await yieldToEventLoop(); // building is synchronous; let timers and I/O run between graphs
  }
  for (const copy of copies) {
    const since = performance.now();
    files[copy.file] = copyInto(outDir, copy);
    report('copied', copy.file, files[copy.file]!, since);
  }
  files[PARLEY_LAYOUT_FILE] = writeLayoutManifest(outDir, sizes, precision, files);
  const bytes = Object.values(files).reduce((sum, n) => sum + n, 0);
  return { outDir, sizes, files, bytes, seconds: (performance.now() - started) / 1000 };
}

/**
 * The sizes in config.json. The codec decoder's width is not there: it comes from the codec
 * directory's own manifest when it has one (a stand-in), else the real decoder's.
 */
function readSizes(checkpointDir: string, codecDir: string | undefined): StandinSizes {
  const path = join(checkpointDir, 'config.json');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw invalid(`cannot read ${path}: ${(error as Error).message}`, error);
  }
  const decoderDim = readManifest(codecDir ?? checkpointDir)?.sizes.decoderDim;
  try {
    return sizesFromConfigJson(json, decoderDim === undefined ? {} : { decoderDim });
  } catch (error) {
    throw invalid(`${path}: ${(error as Error).message}`, error);
  }
}

/** The checkpoint's weights, after checking that every tensor the graphs need is there with its config.json shape. */
function openCheckedWeights(checkpointDir: string, sizes: StandinSizes): SafetensorsWeights {
  let weights: SafetensorsWeights;
  try {
    weights = SafetensorsWeights.fromDirectory(checkpointDir);
  } catch (error) {
    throw invalid((error as Error).message, error);
  }
  const failures: string[] = [];
  for (const spec of checkpointWeightSpecs(CONVERTED_GRAPHS, sizes).values()) {
    try {
      weights.check(spec);
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
  if (failures.length > 0) {
    const more = failures.length > 1 ? ` (and ${failures.length - 1} more tensor${failures.length > 2 ? 's' : ''})` : '';
    throw invalid(`the checkpoint does not match its config.json: ${failures[0]}${more}`);
  }
  return weights;
}

/** Writes parley-layout.json naming only the graphs in `files`; returns its size. */
function writeLayoutManifest(outDir: string, sizes: StandinSizes, precision: WeightPrecision, files: Readonly<Record<string, number>>): number {
  const shared = SHARED_GRAPH_NAMES.filter((name) => files[`${name}.onnx`] !== undefined);
  const text = `${JSON.stringify(parleyLayoutManifest(sizes, shared, PARLEY_GRAPH_NAMES, 'parley', precision), null, 2)}\n`;
  writeFileSync(join(outDir, PARLEY_LAYOUT_FILE), text);
  return Buffer.byteLength(text);
}

function invalid(message: string, cause?: unknown): ParleyError {
  return new ParleyError('INVALID_INPUT', message, cause === undefined ? {} : { cause });
}
