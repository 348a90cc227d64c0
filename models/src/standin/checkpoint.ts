import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_ONLY_GRAPHS, checkpointWeightSpecs, TALKER_SIDE_GRAPHS } from '../convert/checkpoint-graphs.js';
import type { SafetensorsDType } from '../weights/safetensors-format.js';
import { writeSafetensors, type TensorToWrite } from '../weights/safetensors-writer.js';
import { RandomWeights } from '../weights/random-weights.js';
import { generateSpeechTokenizerCheckpoint } from '../graphs/codec/speech-tokenizer-checkpoint.js';
import { standinConfigJson } from './config-json.js';
import { resolveStandinOptions, type StandinOptions } from './options.js';

/** Options of {@link generateStandinCheckpoint}. */
export interface StandinCheckpointOptions extends StandinOptions {
  /** How model.safetensors stores the values: `F32` (the default; converts back exactly) or `BF16` like the official release. */
  dtype?: SafetensorsDType;
  /** Write `speech_tokenizer/` with the codec decoder's weights (default true), as the official checkpoints have it. */
  speechTokenizer?: boolean;
}

/** What {@link generateStandinCheckpoint} wrote. */
export interface StandinCheckpoint {
  /** Each file written, with its size in bytes. */
  readonly files: Readonly<Record<string, number>>;
  /** The number of tensors in model.safetensors. */
  readonly tensors: number;
}

/**
 * Writes the stand-in's random weights as an official-style checkpoint into `outDir`:
 * `config.json` (the official layout, the stand-in's sizes) and `model.safetensors` holding
 * exactly the tensors the talker-side graph builders ask for (and, for `modelType: 'base'`, the
 * speaker encoder's), under their official names, with the values {@link RandomWeights} gives
 * for the same seed; and `speech_tokenizer/` with the codec decoder's. `convertCheckpoint` on it
 * therefore rebuilds the stand-in's own embedding, parley, decoder and (Base) speaker encoder
 * graphs. The codec-encoder stand-in has no checkpoint form (its `standin.` parameters are not
 * written).
 *
 * Tensors are drawn one at a time as they are written, so a real-size checkpoint peaks at one
 * tensor in memory.
 *
 * @example
 * ```ts
 * await generateStandinCheckpoint('/tmp/ckpt', { seed: 7 });
 * await convertCheckpoint({ checkpointDir: '/tmp/ckpt', outDir: '/tmp/parley', codecDir: standinDir });
 * ```
 */
export async function generateStandinCheckpoint(outDir: string, options: StandinCheckpointOptions = {}): Promise<StandinCheckpoint> {
  const resolved = resolveStandinOptions(options);
  const random = new RandomWeights(resolved.seed);
  const graphs = resolved.modelType === 'base' ? [...TALKER_SIDE_GRAPHS, ...BASE_ONLY_GRAPHS] : TALKER_SIDE_GRAPHS;
  const specs = checkpointWeightSpecs(graphs, resolved.sizes);
  const tensors = new Map<string, TensorToWrite>();
  for (const spec of specs.values()) tensors.set(spec.name, { shape: spec.shape, data: () => random.tensor(spec) });
  mkdirSync(outDir, { recursive: true });
  const config = `${JSON.stringify(standinConfigJson(resolved.sizes, resolved.modelType), null, 2)}\n`;
  writeFileSync(join(outDir, 'config.json'), config);
  const metadata = { format: 'pt', 'parley.weights': random.description };
  const bytes = writeSafetensors(join(outDir, 'model.safetensors'), tensors, { dtype: options.dtype ?? 'F32', metadata });
  if (options.speechTokenizer ?? true)
    generateSpeechTokenizerCheckpoint(join(outDir, 'speech_tokenizer'), resolved.sizes.codec, resolved.seed);
  return { files: { 'config.json': Buffer.byteLength(config), 'model.safetensors': bytes }, tensors: tensors.size };
}
