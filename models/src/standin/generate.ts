import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { GRAPH_NAMES } from '../contract.js';
import { buildGraph } from '../graphs/build-graph.js';
import { writeModel, type ExternalDataMode } from '../onnx/model-writer.js';
import { RandomWeights } from '../weights/random-weights.js';
import { standinConfigJson } from './config-json.js';
import { createManifest, MANIFEST_FILE } from './manifest.js';
import { resolveStandinOptions, type StandinOptions } from './options.js';

/** Options of {@link generateStandinModel}. */
export interface GenerateOptions extends StandinOptions {
  /** Where large initializers go (see `writeModel`); `auto` keeps small models single-file. */
  externalData?: ExternalDataMode;
}

/**
 * Writes a random-weight stand-in of Qwen3-TTS into `outDir` (created if needed): the nine
 * `<name>.onnx` graphs of the community layout (doc §3), `config.json` in the official layout,
 * and `parley-standin.json` last, so a directory with a manifest is complete. Same options →
 * byte-identical files.
 *
 * Graphs are built and written one at a time, so a real-size model (REAL_0_6B_SIZES) peaks at
 * one graph's weights in memory.
 *
 * @example
 * ```ts
 * await generateStandinModel('/tmp/standin', { seed: 7 });
 * const session = await InferenceSession.create('/tmp/standin/talker_prefill.onnx');
 * ```
 */
export async function generateStandinModel(outDir: string, options: GenerateOptions = {}): Promise<void> {
  const resolved = resolveStandinOptions(options);
  const weights = new RandomWeights(resolved.seed);
  mkdirSync(outDir, { recursive: true });
  const files: Record<string, number> = {};
  for (const name of GRAPH_NAMES) {
    const graph = buildGraph(name, weights, resolved.sizes, { lastHiddenAllPositions: resolved.lastHiddenAllPositions });
    const written = writeModel(join(outDir, `${name}.onnx`), graph, { externalData: options.externalData ?? 'auto' });
    files[`${name}.onnx`] = written.modelBytes;
    if (written.externalBytes > 0) files[`${name}.onnx.data`] = written.externalBytes;
    await yieldToEventLoop(); // building is synchronous; let timers and I/O run between graphs
  }
  const config = `${JSON.stringify(standinConfigJson(resolved.sizes, resolved.modelType), null, 2)}\n`;
  writeFileSync(join(outDir, 'config.json'), config);
  files['config.json'] = Buffer.byteLength(config);
  const manifest = createManifest(resolved, weights.description, files);
  writeFileSync(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}
