import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ParleyError, isParleyError } from '@parley/core';
import * as ort from 'onnxruntime-node';
import {
  checkDeclaredLayers,
  deviceOutputs,
  hostPlacementReason,
  kvPlacement,
  type DeclaredLayers,
  type KvPlacement,
  type PlacementInputs,
} from './cache-placement.js';
import { deviceError, missingCudaProvider, sessionOptions, type Device } from './device.js';
import type { GraphName, GraphSpec, WeightPrecision } from '@parley/qwen3-contract';
import { resolveLayout, type LayoutChoice, type ModelLayout, type ResolvedLayout } from './model-layout.js';
import { parseModelConfig, type ModelConfig } from './model-config.js';
import { readModelSizes, type ModelSizes } from './model-sizes.js';
import { CodeEmbeddings } from '../generation/code-embeddings.js';
import { OnnxGraph } from './onnx-graph.js';
import { RunMonitor } from './run-monitor.js';
import { loadFailed, validateGraph } from './validate-graph.js';

/**
 * The code predictor's graphs: the community layout's one graph that recomputes the whole
 * context each call, or the parley layout's prefill and KV-cached step (docs/model.md#parley-layout).
 */
export type CodePredictorGraphs =
  | { readonly cache: 'none'; readonly full: OnnxGraph }
  | { readonly cache: 'kv-cached'; readonly prefill: OnnxGraph; readonly step: OnnxGraph };

/**
 * The graphs of a loaded model, by role. The cloning graphs are optional (docs/model.md#voice-cloning). The
 * talker graphs are the layout's: the community ones take an attention mask and return the whole
 * cache; the parley ones take none and return only the new position's K/V.
 */
export interface Qwen3Graphs {
  readonly textProject: OnnxGraph;
  readonly codecEmbed: OnnxGraph;
  readonly codePredictorEmbed: OnnxGraph;
  readonly talkerPrefill: OnnxGraph;
  readonly talkerDecode: OnnxGraph;
  readonly codePredictor: CodePredictorGraphs;
  readonly codecDecoder: OnnxGraph;
  /** The parley layout's streaming decoder, which carries its state between runs; absent in older directories. */
  readonly codecStreaming: OnnxGraph | undefined;
  readonly speakerEncoder: OnnxGraph | undefined;
  readonly codecEncoder: OnnxGraph | undefined;
  /** The parley layout's cache appends, loaded only when the caches live on the device. */
  readonly kvAppend: { readonly talker: OnnxGraph; readonly codePredictor: OnnxGraph } | undefined;
}

/** A Qwen3-TTS model directory, loaded and checked. */
export interface Qwen3Model {
  readonly dir: string;
  /** Which graphs run: `community` or `parley` (see {@link LoadModelOptions.layout}). */
  readonly layout: ModelLayout;
  /** The parley graphs' weight precision (`fp32` for the community layout). */
  readonly precision: WeightPrecision;
  /** Where the KV caches live between steps (see {@link KvPlacement}). */
  readonly kvCache: KvPlacement;
  /** Why a WebGPU model keeps its caches in host memory; undefined otherwise. */
  readonly kvCacheNote: string | undefined;
  readonly config: ModelConfig;
  readonly sizes: ModelSizes;
  readonly graphs: Qwen3Graphs;
  /** The frame loop's embedding rows, read from `codecEmbed` and `codePredictorEmbed` at load. */
  readonly embeddings: CodeEmbeddings;
  /** Counts and times every run of the graphs above. */
  readonly monitor: RunMonitor;
  /** Frees every session. */
  release(): Promise<void>;
}

/** Options of {@link loadModel}. */
export interface LoadModelOptions {
  /** `'cpu'` (default), `'cuda'`, `'cuda:N'` or `'webgpu'`. */
  device?: Device;
  /**
   * On WebGPU, keep the KV caches on the GPU between steps (default true); false keeps them in
   * host memory, as on the CPU (for comparison: every step then uploads the whole cache).
   */
  kvCacheOnDevice?: boolean;
  /** ORT intra-op threads per session; ORT's default when absent. */
  threads?: number;
  /** Where runs are counted; a fresh monitor when absent. */
  monitor?: RunMonitor;
  /**
   * `auto` (default): the parley layout when the directory has `parley-layout.json`
   * (docs/model.md#layout-manifest: faster, same output), else the community layout; or force one of them.
   */
  layout?: LayoutChoice;
}

/**
 * Loads a model directory: `config.json` and the graph files of the community layout
 * (docs/model.md#community-layout) or the parley layout (docs/model.md#parley-layout,
 * `parley-layout.json`). Every graph is checked against its I/O contract and every size read from
 * the graphs.
 *
 * @example
 * ```ts
 * const model = await loadModel('/models/Qwen3-TTS-0.6B-CustomVoice-onnx');
 * model.sizes.hidden; // 1024
 * ```
 * @throws ParleyError MODEL_NOT_FOUND when `dir` is not a directory; MODEL_LOAD_FAILED naming the
 *   file when config.json or a required graph is missing or breaks its contract;
 *   DEVICE_UNAVAILABLE when the device's runtime libraries cannot be loaded.
 */
export async function loadModel(dir: string, options: LoadModelOptions = {}): Promise<Qwen3Model> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ParleyError('MODEL_NOT_FOUND', `model directory not found: ${dir}`);
  }
  const config = readConfig(dir);
  const layout = resolveLayout(dir, options.layout ?? 'auto');
  const monitor = options.monitor ?? new RunMonitor();
  const device = options.device ?? 'cpu';
  const placement = placementInputs(dir, layout, device, config, options.kvCacheOnDevice ?? true);
  const kvCache = kvPlacement(placement);
  const sessions = await openSessions(dir, layout, device, options.threads, kvCache === 'device' ? placement.layers : undefined);
  try {
    const layers = checkContracts(sessions, layout);
    if (kvCache === 'device')
      checkDeclaredLayers(placement.layers, { talker: layers, codePredictor: codePredictorLayers(sessions, layout) });
    const sizes = sizesOf(sessions, layout, layers, config);
    const graphs = wrapGraphs(sessions, layout, monitor, kvCache);
    const embeddings = await CodeEmbeddings.read(graphs, sizes);
    const kvCacheNote = hostPlacementReason(placement);
    return {
      dir,
      layout: layout.layout,
      precision: layout.precision,
      kvCache,
      kvCacheNote,
      config,
      sizes,
      graphs,
      embeddings,
      monitor,
      release: () => releaseAll(sessions),
    };
  } catch (error) {
    await releaseAll(sessions);
    throw error;
  }
}

/** Every size the engine needs, read from the graphs (config.json only where they leave one symbolic). */
function sizesOf(sessions: Map<GraphName, ort.InferenceSession>, layout: ResolvedLayout, layers: number, config: ModelConfig): ModelSizes {
  const parley = layout.layout === 'parley';
  const source = (name: GraphName) => ({ file: layout.file(name), session: sessions.get(name)! });
  const sources = {
    codecEmbed: source('codec_embed'),
    talkerDecode: source(parley ? 'parley_talker_decode' : 'talker_decode'),
    codePredictor: source(parley ? 'parley_code_predictor_step' : 'code_predictor'),
    decoder: source('tokenizer12hz_decode'),
  };
  return readModelSizes(sources, layers, config.declaredSizes);
}

/** The sessions as the engine's graphs, by role; the cache appends only when the caches live on the device. */
function wrapGraphs(
  sessions: Map<GraphName, ort.InferenceSession>,
  layout: ResolvedLayout,
  monitor: RunMonitor,
  kvCache: KvPlacement,
): Qwen3Graphs {
  const graph = (name: GraphName) => new OnnxGraph(name, sessions.get(name)!, monitor);
  const optional = (name: GraphName) => (sessions.has(name) ? graph(name) : undefined);
  const parley = layout.layout === 'parley';
  return {
    textProject: graph('text_project'),
    codecEmbed: graph('codec_embed'),
    codePredictorEmbed: graph('code_predictor_embed'),
    talkerPrefill: graph(parley ? 'parley_talker_prefill' : 'talker_prefill'),
    talkerDecode: graph(parley ? 'parley_talker_decode' : 'talker_decode'),
    codePredictor: parley
      ? { cache: 'kv-cached', prefill: graph('parley_code_predictor_prefill'), step: graph('parley_code_predictor_step') }
      : { cache: 'none', full: graph('code_predictor') },
    codecDecoder: graph('tokenizer12hz_decode'),
    codecStreaming: optional('parley_codec_decode_streaming'),
    speakerEncoder: optional('speaker_encoder'),
    codecEncoder: optional('tokenizer12hz_encode'),
    kvAppend:
      parley && kvCache === 'device'
        ? { talker: graph('parley_talker_kv_append'), codePredictor: graph('parley_code_predictor_kv_append') }
        : undefined,
  };
}

function readConfig(dir: string): ModelConfig {
  const path = join(dir, 'config.json');
  if (!existsSync(path)) throw loadFailed('config.json', `missing from ${dir}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw loadFailed('config.json', `not valid JSON (${(error as Error).message})`, error);
  }
  return parseModelConfig(json);
}

const KV_APPEND_GRAPHS: readonly GraphName[] = ['parley_talker_kv_append', 'parley_code_predictor_kv_append'];

/**
 * Graphs that stay on the CPU whatever the device: the embeddings are table lookups (read
 * into JS tables, a row at a time while a synthesis runs) and one small projection per prompt,
 * where a GPU run would cost a device round trip each for microseconds of work.
 */
const HOST_GRAPHS: readonly GraphName[] = ['text_project', 'codec_embed', 'code_predictor_embed'];

/** What {@link kvPlacement} decides from: the device, the layout, the append graphs and the declared layers. */
function placementInputs(dir: string, layout: ResolvedLayout, device: Device, config: ModelConfig, allowed: boolean): PlacementInputs {
  const hasAppendGraphs = layout.layout === 'parley' && KV_APPEND_GRAPHS.every((name) => existsSync(join(dir, layout.file(name))));
  const layers = { talker: config.declaredSizes.layers, codePredictor: config.declaredSizes.cpLayers };
  return { device, layout: layout.layout, allowed, hasAppendGraphs, layers };
}

/**
 * Opens every graph present; a missing required graph or a session that fails aborts the load.
 * With `deviceLayers`, each graph's KV outputs stay on the device; the cache appends are
 * opened only then (nothing else runs them).
 */
async function openSessions(
  dir: string,
  layout: ResolvedLayout,
  device: Device,
  threads: number | undefined,
  deviceLayers?: DeclaredLayers,
): Promise<Map<GraphName, ort.InferenceSession>> {
  const wanted = layout.specs.filter((spec) => deviceLayers !== undefined || !KV_APPEND_GRAPHS.includes(spec.name));
  const present = wanted.filter((spec) => existsSync(join(dir, layout.file(spec.name))));
  const missing = wanted.find((spec) => !spec.optional && !present.includes(spec));
  if (missing) throw loadFailed(layout.file(missing.name), `missing from ${dir} (a required graph of the ${layout.layout} layout)`);
  const unavailable = missingCudaProvider(device);
  if (unavailable) throw unavailable;
  const sessions = new Map<GraphName, ort.InferenceSession>();
  const open = async (spec: GraphSpec) => {
    const options = HOST_GRAPHS.includes(spec.name)
      ? sessionOptions('cpu', threads)
      : sessionOptions(device, threads, deviceLayers && deviceOutputs(spec, deviceLayers));
    try {
      sessions.set(spec.name, await ort.InferenceSession.create(join(dir, layout.file(spec.name)), options));
    } catch (error) {
      throw sessionError(layout.file(spec.name), device, error);
    }
  };
  try {
    // One graph on the device alone first: an unavailable device then fails once, not once per graph.
    const first = present.find((spec) => !HOST_GRAPHS.includes(spec.name)) ?? present[0]!;
    await open(first);
    const settled = await Promise.allSettled(present.filter((spec) => spec !== first).map(open));
    const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    return sessions;
  } catch (error) {
    await releaseAll(sessions);
    throw error;
  }
}

function sessionError(file: string, device: Device, error: unknown): ParleyError {
  if (isParleyError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return deviceError(device, error) ?? loadFailed(file, `onnxruntime could not load it: ${message}`, error);
}

/**
 * Validates every session; returns the talker's layer count, checked equal across prefill and
 * decode (and, in the parley layout, the code predictor's across its two graphs).
 */
function checkContracts(sessions: Map<GraphName, ort.InferenceSession>, layout: ResolvedLayout): number {
  const layers = new Map<GraphName, number>();
  for (const spec of layout.specs) {
    const session = sessions.get(spec.name);
    if (session) layers.set(spec.name, validateGraph(spec, session, layout.file(spec.name)));
  }
  const agreeing = (prefill: GraphName, decode: GraphName): number => {
    const [returned, taken] = [layers.get(prefill)!, layers.get(decode)!];
    if (returned !== taken)
      throw loadFailed(layout.file(prefill), `returns KV for ${returned} layers but ${layout.file(decode)} takes ${taken}`);
    return taken;
  };
  if (layout.layout === 'community') return agreeing('talker_prefill', 'talker_decode');
  agreeing('parley_code_predictor_prefill', 'parley_code_predictor_step');
  if (layers.has('parley_code_predictor_kv_append')) agreeing('parley_code_predictor_step', 'parley_code_predictor_kv_append');
  if (layers.has('parley_talker_kv_append')) agreeing('parley_talker_decode', 'parley_talker_kv_append');
  return agreeing('parley_talker_prefill', 'parley_talker_decode');
}

/** The code predictor's layer count (the parley layout's KV inputs); undefined for the community one, which has no cache. */
function codePredictorLayers(sessions: Map<GraphName, ort.InferenceSession>, layout: ResolvedLayout): number | undefined {
  const step = sessions.get('parley_code_predictor_step');
  return layout.layout === 'parley' && step ? step.inputNames.filter((name) => name.startsWith('past_key_')).length : undefined;
}

async function releaseAll(sessions: Map<GraphName, ort.InferenceSession>): Promise<void> {
  await Promise.allSettled([...sessions.values()].map((session) => session.release()));
}
