import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  COMMUNITY_GRAPH_NAMES,
  PARLEY_GRAPH_NAMES,
  PARLEY_LAYOUT_FILE,
  parleyLayoutManifest,
  SHARED_GRAPH_NAMES,
} from '@parley/qwen3-contract';
import { buildGraph } from '../graphs/build-graph.js';
import { buildParleyGraph } from '../graphs/parley/build-parley-graph.js';
import type { GraphBuilder } from '../onnx/graph-builder.js';
import type { ExternalDataMode } from '../onnx/external-data.js';
import { writeModel } from '../onnx/model-writer.js';
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
 * `<name>.onnx` graphs of the community layout (docs/model.md#community-layout), `config.json` in
 * the official layout, and `parley-standin.json` last, so a directory with a manifest is complete.
 * Same options → byte-identical files. With `layout: 'community+parley'` it also writes the
 * `parley_*.onnx` graphs from the same weights and `parley-layout.json`
 * (docs/model.md#parley-layout); with `layout: 'parley'` it writes those and only the community
 * graphs the parley path shares.
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
  const write = async (name: string, graph: GraphBuilder): Promise<void> => {
    const written = writeModel(join(outDir, `${name}.onnx`), graph, { externalData: options.externalData ?? 'auto' });
    files[`${name}.onnx`] = written.modelBytes;
    if (written.externalBytes > 0) files[`${name}.onnx.data`] = written.externalBytes;
    await yieldToEventLoop(); // building is synchronous; let timers and I/O run between graphs
  };
  const { layout } = resolved;
  const community = COMMUNITY_GRAPH_NAMES.filter((name) => layout !== 'parley' || (SHARED_GRAPH_NAMES as readonly string[]).includes(name));
  for (const name of community)
    await write(name, buildGraph(name, weights, resolved.sizes, { lastHiddenAllPositions: resolved.lastHiddenAllPositions }));
  if (layout !== 'community') {
    for (const name of PARLEY_GRAPH_NAMES) await write(name, buildParleyGraph(name, weights, resolved.sizes, resolved.precision));
    const manifest = parleyLayoutManifest(resolved.sizes, SHARED_GRAPH_NAMES, PARLEY_GRAPH_NAMES, layout, resolved.precision);
    writeJson(outDir, PARLEY_LAYOUT_FILE, manifest, files);
  }
  writeJson(outDir, 'config.json', standinConfigJson(resolved.sizes, resolved.modelType), files);
  writeJson(outDir, MANIFEST_FILE, createManifest(resolved, weights.description, files));
}

/** Writes `value` as pretty JSON to `<dir>/<file>`, recording its size in `files` when given. */
function writeJson(dir: string, file: string, value: unknown, files?: Record<string, number>): void {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  writeFileSync(join(dir, file), text);
  if (files !== undefined) files[file] = Buffer.byteLength(text);
}
