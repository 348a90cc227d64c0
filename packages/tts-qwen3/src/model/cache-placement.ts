import { parseDevice, type Device, type OutputLocations } from './device.js';
import type { GraphName, GraphSpec } from '@parley/qwen3-contract';
import type { ModelLayout } from './model-layout.js';
import { loadFailed } from './validate-graph.js';

/**
 * Where the talker's and the code predictor's KV caches live between steps: in host memory
 * (the CPU, and any device when nothing better is possible: every step then sends the cache to
 * the device and takes the new position back), or on the device (WebGPU: the graphs' cache
 * outputs stay in GPU buffers and are fed straight back; only logits and hidden states cross).
 */
export type KvPlacement = 'host' | 'device';

/** Layer counts as config.json declares them, needed before any session exists. */
export interface DeclaredLayers {
  readonly talker: number | undefined;
  readonly codePredictor: number | undefined;
}

/** What decides a model's {@link KvPlacement}. */
export interface PlacementInputs {
  readonly device: Device;
  readonly layout: ModelLayout;
  /** Whether the caller allows the device placement (`kvCacheOnDevice`, default true). */
  readonly allowed: boolean;
  /** Whether the directory has both parley `*_kv_append` graphs. */
  readonly hasAppendGraphs: boolean;
  readonly layers: DeclaredLayers;
}

/**
 * The placement a model gets. Device only on WebGPU (ORT's CPU provider ignores output
 * locations, and Node cannot keep CUDA outputs on the device), with the layer counts known up
 * front (ORT takes output locations by name at session creation) and, in the parley layout,
 * the append graphs that write a step into a cache held on the device.
 */
export function kvPlacement(inputs: PlacementInputs): KvPlacement {
  const { talker, codePredictor } = inputs.layers;
  const known = talker !== undefined && (inputs.layout === 'community' || codePredictor !== undefined);
  const appendable = inputs.layout === 'community' || inputs.hasAppendGraphs;
  return parseDevice(inputs.device)?.provider === 'webgpu' && inputs.allowed && known && appendable ? 'device' : 'host';
}

/** Why a WebGPU model keeps its caches on the host, or undefined when it does not. */
export function hostPlacementReason(inputs: PlacementInputs): string | undefined {
  if (parseDevice(inputs.device)?.provider !== 'webgpu' || !inputs.allowed) return undefined;
  if (inputs.layers.talker === undefined || (inputs.layout === 'parley' && inputs.layers.codePredictor === undefined)) {
    return 'config.json does not declare num_hidden_layers, so the KV caches stay in host memory (each step sends them to the GPU)';
  }
  if (inputs.layout === 'parley' && !inputs.hasAppendGraphs) {
    return 'this parley model predates its *_kv_append graphs, so the KV caches stay in host memory (each step sends them to the GPU); convert it again with `parley models convert` to keep them on the GPU';
  }
  return undefined;
}

/** The graphs whose caches are the code predictor's; the rest with a cache are the talker's. */
const CODE_PREDICTOR_GRAPHS: readonly GraphName[] = [
  'parley_code_predictor_prefill',
  'parley_code_predictor_step',
  'parley_code_predictor_kv_append',
];

/** The KV outputs of `spec` (`present_key_0`, `present_value_0`, …) kept on the GPU; undefined for graphs without a cache. */
export function deviceOutputs(spec: GraphSpec, layers: DeclaredLayers): OutputLocations | undefined {
  if (spec.kvOutputs === undefined) return undefined;
  const count = CODE_PREDICTOR_GRAPHS.includes(spec.name) ? layers.codePredictor : layers.talker;
  const locations: Record<string, 'gpu-buffer'> = {};
  for (let layer = 0; layer < (count ?? 0); layer++) {
    locations[`${spec.kvOutputs.prefix}_key_${layer}`] = 'gpu-buffer';
    locations[`${spec.kvOutputs.prefix}_value_${layer}`] = 'gpu-buffer';
  }
  return locations;
}

/**
 * Checks that the graphs carry the layers config.json declares, once they are loaded: a
 * device placement was planned from the declaration, and a graph with more layers would leave
 * some of its cache in host memory.
 * @throws ParleyError MODEL_LOAD_FAILED naming config.json.
 */
export function checkDeclaredLayers(declared: DeclaredLayers, counted: { talker: number; codePredictor: number | undefined }): void {
  const mismatch = (what: string, said: number | undefined, found: number | undefined) =>
    said !== undefined && found !== undefined && said !== found ? `${what} is ${said} but the graphs carry ${found} layers` : undefined;
  const problem =
    mismatch('talker_config.num_hidden_layers', declared.talker, counted.talker) ??
    mismatch('code_predictor_config.num_hidden_layers', declared.codePredictor, counted.codePredictor);
  if (problem) throw loadFailed('config.json', problem);
}
