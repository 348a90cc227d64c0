import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ParleyError, isParleyError } from '@parley/core';
import * as ort from 'onnxruntime-node';
import { deviceError, sessionOptions, type Device } from './device.js';
import { GRAPH_SPECS, graphFile, type GraphName, type GraphSpec } from './graph-contract.js';
import { parseModelConfig, type ModelConfig } from './model-config.js';
import { readModelSizes, type ModelSizes } from './model-sizes.js';
import { OnnxGraph } from './onnx-graph.js';
import { RunMonitor } from './run-monitor.js';
import { loadFailed, validateGraph } from './validate-graph.js';

/** The graphs of a loaded model, by role. The cloning graphs are optional (doc §3, §7). */
export interface Qwen3Graphs {
  readonly textProject: OnnxGraph;
  readonly codecEmbed: OnnxGraph;
  readonly codePredictorEmbed: OnnxGraph;
  readonly talkerPrefill: OnnxGraph;
  readonly talkerDecode: OnnxGraph;
  readonly codePredictor: OnnxGraph;
  readonly codecDecoder: OnnxGraph;
  readonly speakerEncoder: OnnxGraph | undefined;
  readonly codecEncoder: OnnxGraph | undefined;
}

/** A Qwen3-TTS model directory, loaded and checked. */
export interface Qwen3Model {
  readonly dir: string;
  readonly config: ModelConfig;
  readonly sizes: ModelSizes;
  readonly graphs: Qwen3Graphs;
  /** Counts and times every run of the graphs above. */
  readonly monitor: RunMonitor;
  /** Frees every session. */
  release(): Promise<void>;
}

/** Options of {@link loadModel}. */
export interface LoadModelOptions {
  /** `'cpu'` (default) or `'cuda'`. */
  device?: Device;
  /** ORT intra-op threads per session; ORT's default when absent. */
  threads?: number;
  /** Where runs are counted; a fresh monitor when absent. */
  monitor?: RunMonitor;
}

/**
 * Loads a model directory in the community layout (doc §3): `config.json` and the graph files.
 * Every graph is checked against its I/O contract and every size read from the graphs.
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
  const monitor = options.monitor ?? new RunMonitor();
  const sessions = await openSessions(dir, options.device ?? 'cpu', options.threads);
  try {
    const layers = checkContracts(sessions);
    const graph = (name: GraphName) => new OnnxGraph(name, sessions.get(name)!, monitor);
    const optional = (name: GraphName) => (sessions.has(name) ? graph(name) : undefined);
    const sizes = readModelSizes(
      {
        codecEmbed: sessions.get('codec_embed')!,
        talkerDecode: sessions.get('talker_decode')!,
        codePredictor: sessions.get('code_predictor')!,
        decoder: sessions.get('tokenizer12hz_decode')!,
      },
      layers,
      config.declaredSizes,
    );
    const graphs: Qwen3Graphs = {
      textProject: graph('text_project'),
      codecEmbed: graph('codec_embed'),
      codePredictorEmbed: graph('code_predictor_embed'),
      talkerPrefill: graph('talker_prefill'),
      talkerDecode: graph('talker_decode'),
      codePredictor: graph('code_predictor'),
      codecDecoder: graph('tokenizer12hz_decode'),
      speakerEncoder: optional('speaker_encoder'),
      codecEncoder: optional('tokenizer12hz_encode'),
    };
    return { dir, config, sizes, graphs, monitor, release: () => releaseAll(sessions) };
  } catch (error) {
    await releaseAll(sessions);
    throw error;
  }
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

/** Opens every graph present; a missing required graph or a session that fails aborts the load. */
async function openSessions(dir: string, device: Device, threads: number | undefined): Promise<Map<GraphName, ort.InferenceSession>> {
  const present = GRAPH_SPECS.filter((spec) => existsSync(join(dir, graphFile(spec.name))));
  const missing = GRAPH_SPECS.find((spec) => !spec.optional && !present.includes(spec));
  if (missing) throw loadFailed(graphFile(missing.name), `missing from ${dir} (a required graph of the layout)`);
  const options = sessionOptions(device, threads);
  const sessions = new Map<GraphName, ort.InferenceSession>();
  const open = async (spec: GraphSpec) => {
    try {
      sessions.set(spec.name, await ort.InferenceSession.create(join(dir, graphFile(spec.name)), options));
    } catch (error) {
      throw sessionError(spec, device, error);
    }
  };
  try {
    // One graph alone first: an unavailable device then fails once, not once per graph.
    await open(present[0]!);
    const settled = await Promise.allSettled(present.slice(1).map(open));
    const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    return sessions;
  } catch (error) {
    await releaseAll(sessions);
    throw error;
  }
}

function sessionError(spec: GraphSpec, device: Device, error: unknown): ParleyError {
  if (isParleyError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return deviceError(device, error) ?? loadFailed(graphFile(spec.name), `onnxruntime could not load it: ${message}`, error);
}

/** Validates every session; returns the talker's layer count, checked equal across prefill and decode. */
function checkContracts(sessions: Map<GraphName, ort.InferenceSession>): number {
  const layers = new Map<GraphName, number>();
  for (const spec of GRAPH_SPECS) {
    const session = sessions.get(spec.name);
    if (session) layers.set(spec.name, validateGraph(spec, session));
  }
  const prefill = layers.get('talker_prefill')!;
  const decode = layers.get('talker_decode')!;
  if (prefill !== decode) {
    throw loadFailed('talker_prefill.onnx', `returns KV for ${prefill} layers but talker_decode.onnx takes ${decode}`);
  }
  return decode;
}

async function releaseAll(sessions: Map<GraphName, ort.InferenceSession>): Promise<void> {
  await Promise.allSettled([...sessions.values()].map((session) => session.release()));
}
