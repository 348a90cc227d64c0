import { CODEC_GRAPH_NAMES, PARLEY_GRAPH_NAMES, type GraphName, type ParleyGraphName, type WeightPrecision } from '@parley/qwen3-contract';
import { buildGraph } from '../graphs/build-graph.js';
import { buildParleyGraph } from '../graphs/parley/build-parley-graph.js';
import type { GraphBuilder } from '../onnx/graph-builder.js';
import type { StandinSizes } from '../standin/sizes.js';
import { STANDIN } from '../weights/official-names.js';
import { elementCount, type WeightSource, type WeightSpec } from '../weights/weight-source.js';

/**
 * The graphs `convertCheckpoint` builds from an official checkpoint's talker weights: the
 * community embeddings the parley path shares, and the parley graphs but the codec decoder's
 * (built from `speech_tokenizer/`, {@link CODEC_GRAPH_NAMES}). The speaker encoder is built from
 * a Base checkpoint's own weights ({@link BASE_ONLY_GRAPHS}); the codec encoder is a different
 * architecture from the stand-in's, so it is copied, not built.
 */
export const CONVERTED_GRAPHS: readonly GraphName[] = [
  'text_project',
  'codec_embed',
  'code_predictor_embed',
  ...PARLEY_GRAPH_NAMES.filter((name) => !(CODEC_GRAPH_NAMES as readonly string[]).includes(name)),
];

/**
 * Every graph whose weights an official checkpoint holds: {@link CONVERTED_GRAPHS} plus the
 * community talker and code predictor (same weights, asked for in their own layout).
 */
export const TALKER_SIDE_GRAPHS: readonly GraphName[] = [...CONVERTED_GRAPHS, 'talker_prefill', 'talker_decode', 'code_predictor'];

/**
 * The graphs whose weights only a Base checkpoint holds: the official model builds its speaker
 * encoder only when `tts_model_type` is `base`, so only those checkpoints carry `speaker_encoder.*`.
 */
export const BASE_ONLY_GRAPHS: readonly GraphName[] = ['speaker_encoder'];

/**
 * Builds one graph of either layout with the stand-in's builders (default graph options); a
 * parley graph stores its transformer's Linear weights at `precision`.
 */
export function buildAnyGraph(
  name: GraphName,
  weights: WeightSource,
  sizes: StandinSizes,
  precision: WeightPrecision = 'fp32',
): GraphBuilder {
  return isParleyGraphName(name) ? buildParleyGraph(name, weights, sizes, precision) : buildGraph(name, weights, sizes);
}

function isParleyGraphName(name: GraphName): name is ParleyGraphName {
  return (PARLEY_GRAPH_NAMES as readonly string[]).includes(name);
}

/**
 * Every checkpoint tensor that building `graphs` at `sizes` asks for, by name in first-asked order,
 * found by building them over zeros. Stand-in-only parameters (`standin.` names, which no
 * checkpoint holds) are left out. Throws when two graphs ask for one name with different shapes.
 */
export function checkpointWeightSpecs(graphs: readonly GraphName[], sizes: StandinSizes): Map<string, WeightSpec> {
  const specs = new Map<string, WeightSpec>();
  const recorder: WeightSource = {
    description: 'recording',
    tensor(spec) {
      const known = specs.get(spec.name);
      if (known !== undefined && known.shape.join() !== spec.shape.join()) {
        throw new Error(`tensor ${spec.name} is asked for as [${known.shape.join(', ')}] and as [${spec.shape.join(', ')}]`);
      }
      if (!isStandinOnly(spec.name)) specs.set(spec.name, spec);
      return new Float32Array(elementCount(spec.shape));
    },
  };
  for (const name of graphs) buildAnyGraph(name, recorder, sizes);
  return specs;
}

/** Whether `name` is a parameter of a stand-in-only part (official-names.ts `STANDIN`). */
function isStandinOnly(name: string): boolean {
  return Object.values(STANDIN).some((prefix) => name.startsWith(`${prefix}.`));
}
