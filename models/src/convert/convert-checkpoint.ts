import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ParleyError } from '@parley/core';
import {
  CODEC_GRAPH_NAMES,
  PARLEY_GRAPH_NAMES,
  PARLEY_LAYOUT_FILE,
  parleyLayoutManifest,
  SHARED_GRAPH_NAMES,
  WEIGHT_PRECISIONS,
  type GraphName,
  type WeightPrecision,
} from '@parley/qwen3-contract';
import { codecDecoderSizesFromConfig, type CodecDecoderSizes } from '../graphs/codec/codec-sizes.js';
import { writeModel } from '../onnx/model-writer.js';
import { sizesFromConfigJson } from '../standin/sizes-from-config.js';
import type { StandinSizes } from '../standin/sizes.js';
import { codecDecoderWeightSpecs } from '../graphs/codec/speech-tokenizer-checkpoint.js';
import { SafetensorsWeights } from '../weights/safetensors-weights.js';
import type { WeightSpec } from '../weights/weight-source.js';
import { speakerEmbeddingDim } from '../graphs/speaker-encoder/speaker-encoder-sizes.js';
import { OFFICIAL } from '../weights/official-names.js';
import { BASE_ONLY_GRAPHS, buildAnyGraph, checkpointWeightSpecs, CONVERTED_GRAPHS } from './checkpoint-graphs.js';
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
   * A community-layout model directory to copy `tokenizer12hz_encode.onnx` (ICL voice cloning)
   * from, `speaker_encoder.onnx` when the checkpoint has no `speaker_encoder.*` weights to build
   * it from (only Base checkpoints have them), and `tokenizer12hz_decode.onnx` when it has no
   * `speech_tokenizer/` to build the decoder from; without it they must be in `checkpointDir`.
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
 * Converts an official Qwen3-TTS checkpoint into the parley layout: builds `text_project`,
 * `codec_embed`, `code_predictor_embed` and the `parley_*` graphs from its safetensors with the
 * same builders as the stand-in, the codec decoder (whole and streaming) from its
 * `speech_tokenizer/`, and a Base checkpoint's speaker encoder from its `speaker_encoder.*`
 * tensors; copies what it cannot build (the codec encoder, and the speaker encoder of a
 * checkpoint without one, from `codecDir`), config.json and the tokenizer files, and writes
 * `parley-layout.json` (layout `parley`) last.
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
  if (!CONVERT_PRECISIONS.includes(precision))
    throw invalid(`precision ${precision} is not supported; supported: ${CONVERT_PRECISIONS.join(', ')}`);
  if (!isDirectory(checkpointDir)) throw invalid(`checkpoint directory ${checkpointDir} does not exist`);
  const built = graphsToBuild(checkpointDir);
  const copies = filesToCopy(
    checkpointDir,
    options.codecDir,
    built.graphs.map(([name]) => name),
  );
  const { sizes } = built;
  mkdirSync(outDir, { recursive: true });
  const files: Record<string, number> = {};
  const total = built.graphs.length + copies.length;
  let index = 0;
  const report = (action: ConvertProgress['action'], file: string, bytes: number, since: number): void =>
    options.onProgress?.({ action, file, bytes, index: ++index, total, seconds: (performance.now() - since) / 1000 });
  for (const [name, source] of built.graphs) {
    const since = performance.now();
    const written = writeModel(join(outDir, `${name}.onnx`), buildAnyGraph(name, source, sizes, precision), { externalData: 'auto' });
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
 * What the checkpoint lets the converter build, each graph with its weight source, every tensor
 * checked: the talker side always, the codec decoder from `speech_tokenizer/` when there is one,
 * and the speaker encoder when the checkpoint holds `speaker_encoder.*` (a Base model).
 */
function graphsToBuild(checkpointDir: string): { sizes: StandinSizes; graphs: Array<[GraphName, SafetensorsWeights]> } {
  const codec = readCodec(checkpointDir);
  const config = readJson(join(checkpointDir, 'config.json'));
  const sizes = readSizes(checkpointDir, config, codec?.sizes);
  const weights = openWeights(checkpointDir);
  checkSpecs(weights, checkpointWeightSpecs(CONVERTED_GRAPHS, sizes).values(), 'the checkpoint does not match its config.json');
  const graphs = CONVERTED_GRAPHS.map((name): [GraphName, SafetensorsWeights] => [name, weights]);
  if (codec) graphs.push(...CODEC_GRAPH_NAMES.map((name): [GraphName, SafetensorsWeights] => [name, codec.weights]));
  if (hasSpeakerEncoder(weights)) {
    checkSpeakerEmbeddingDim(checkpointDir, config, sizes.hidden);
    checkSpecs(weights, checkpointWeightSpecs(BASE_ONLY_GRAPHS, sizes).values(), 'the speaker encoder does not match config.json');
    graphs.push(...BASE_ONLY_GRAPHS.map((name): [GraphName, SafetensorsWeights] => [name, weights]));
  }
  return { sizes, graphs };
}

/** Whether the checkpoint holds the official speaker encoder's weights (only Base checkpoints do). */
function hasSpeakerEncoder(weights: SafetensorsWeights): boolean {
  return weights.names().some((name) => name.startsWith(`${OFFICIAL.speakerEncoder}.`));
}

/** The engine puts the speaker vector where a talker embedding goes, so `enc_dim` must be the talker's hidden size. */
function checkSpeakerEmbeddingDim(checkpointDir: string, config: unknown, hidden: number): void {
  const path = join(checkpointDir, 'config.json');
  let dim: number;
  try {
    dim = speakerEmbeddingDim(((config as Record<string, unknown>).speaker_encoder_config ?? {}) as Record<string, unknown>);
  } catch (error) {
    throw invalid(`${path}: ${(error as Error).message}`, error);
  }
  if (dim !== hidden)
    throw invalid(
      `${path}: speaker_encoder_config.enc_dim is ${dim}, but the speaker vector takes a talker position of hidden_size ${hidden}`,
    );
}

/** The sizes in config.json, with the codec decoder's from `speech_tokenizer/` (the released decoder's without one). */
function readSizes(checkpointDir: string, config: unknown, codec: CodecDecoderSizes | undefined): StandinSizes {
  const path = join(checkpointDir, 'config.json');
  try {
    return sizesFromConfigJson(config, codec === undefined ? {} : { codec });
  } catch (error) {
    throw invalid(`${path}: ${(error as Error).message}`, error);
  }
}

/**
 * The checkpoint's speech tokenizer (`speech_tokenizer/config.json` and safetensors), whose
 * decoder the converter builds; undefined when the checkpoint has none. Its decoder tensors are
 * checked like the talker's, before anything is written.
 */
function readCodec(checkpointDir: string): { sizes: CodecDecoderSizes; weights: SafetensorsWeights } | undefined {
  const dir = join(checkpointDir, 'speech_tokenizer');
  if (!isDirectory(dir)) return undefined;
  const path = join(dir, 'config.json');
  let sizes: CodecDecoderSizes;
  try {
    sizes = codecDecoderSizesFromConfig((readJson(path) as { decoder_config?: Record<string, unknown> }).decoder_config ?? {});
  } catch (error) {
    throw invalid(`${path}: ${(error as Error).message}`, error);
  }
  const weights = openWeights(dir);
  checkSpecs(weights, codecDecoderWeightSpecs(sizes).values(), 'the speech tokenizer does not match its config.json');
  return { sizes, weights };
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw invalid(`cannot read ${path}: ${(error as Error).message}`, error);
  }
}

/** The safetensors of `dir` (headers only). @throws ParleyError INVALID_INPUT when there are none or one is unreadable. */
function openWeights(dir: string): SafetensorsWeights {
  try {
    return SafetensorsWeights.fromDirectory(dir);
  } catch (error) {
    throw invalid((error as Error).message, error);
  }
}

/** Checks each of `specs` against `weights`. @throws ParleyError INVALID_INPUT naming the first bad tensor. */
function checkSpecs(weights: SafetensorsWeights, specs: Iterable<WeightSpec>, mismatch: string): void {
  const failures: string[] = [];
  for (const spec of specs) {
    try {
      weights.check(spec);
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
  if (failures.length > 0) {
    const more = failures.length > 1 ? ` (and ${failures.length - 1} more tensor${failures.length > 2 ? 's' : ''})` : '';
    throw invalid(`${mismatch}: ${failures[0]}${more}`);
  }
}

/** Writes parley-layout.json naming only the graphs in `files`; returns its size. */
function writeLayoutManifest(
  outDir: string,
  sizes: StandinSizes,
  precision: WeightPrecision,
  files: Readonly<Record<string, number>>,
): number {
  const present = <T extends GraphName>(names: readonly T[]) => names.filter((name) => files[`${name}.onnx`] !== undefined);
  const text = `${JSON.stringify(parleyLayoutManifest(sizes, present(SHARED_GRAPH_NAMES), present(PARLEY_GRAPH_NAMES), 'parley', precision), null, 2)}\n`;
  writeFileSync(join(outDir, PARLEY_LAYOUT_FILE), text);
  return Buffer.byteLength(text);
}

function invalid(message: string, cause?: unknown): ParleyError {
  return new ParleyError('INVALID_INPUT', message, cause === undefined ? {} : { cause });
}
