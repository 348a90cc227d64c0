import { COMMUNITY_GRAPH_NAMES, PARLEY_GRAPH_NAMES, type GraphName, type ParleyGraphName } from './graph-names.js';
import type { WeightPrecision } from './precision.js';

/** The file name of the layout manifest in a model directory in the parley layout. */
export const PARLEY_LAYOUT_FILE = 'parley-layout.json';

/**
 * The version of the parley graphs' I/O contract. Bumped when a parley graph's inputs or outputs
 * change: an engine reads only directories of its own version, and refuses older ones by name
 * rather than running graphs it does not understand.
 */
export const PARLEY_LAYOUT_VERSION = 2;

/**
 * What a directory holds: `community+parley` is a stand-in with the nine community graphs plus
 * the parley graphs; `parley` has only the graphs the parley path runs (what `parley models
 * convert` writes: no community talker or code predictor).
 */
export const PARLEY_LAYOUT_NAMES = ['community+parley', 'parley'] as const;

/** One of {@link PARLEY_LAYOUT_NAMES}. */
export type ParleyLayoutName = (typeof PARLEY_LAYOUT_NAMES)[number];

/**
 * The cache layout of every parley graph: per layer `[kvHeads, capacity, headDim]` buffers fed
 * whole with `past_length`; a prefill returns `present_*` `[kvH, T, hd]`, a step `new_*` `[kvH, 1, hd]`.
 */
export const PARLEY_KV_LAYOUT = 'head-major-capacity';

/**
 * `parley-layout.json`: which layout and precision a directory holds, its sizes (`Sizes`, the
 * generator's shape of them; the engine reads sizes from the graphs instead), and which file
 * plays each role.
 */
export interface ParleyLayoutManifest<Sizes = Readonly<Record<string, number>>> {
  readonly layout: ParleyLayoutName;
  readonly layoutVersion: number;
  readonly precision: WeightPrecision;
  readonly sizes: Sizes;
  readonly kvLayout: typeof PARLEY_KV_LAYOUT;
  /**
   * Role → file name: the shared community graphs under their own names, and `talker_prefill`,
   * `talker_decode`, … (see {@link manifestRole}) → the `parley_*` files. A stand-in's community
   * talker and code predictor files stay in the directory for the community path, which does not
   * read this manifest.
   */
  readonly graphs: Readonly<Record<string, string>>;
}

/** The role a graph plays in the manifest: a parley graph's name without `parley_`, a shared graph's own name. */
export function manifestRole(name: GraphName): string {
  return name.replace(/^parley_/, '');
}

/** The graph that plays `role` in a manifest (the inverse of {@link manifestRole}); undefined for no graph of either layout. */
export function graphForRole(role: string): GraphName | undefined {
  return PARLEY_GRAPH_NAMES.find((name) => manifestRole(name) === role) ?? COMMUNITY_GRAPH_NAMES.find((name) => name === role);
}

/**
 * The manifest of a directory holding the `shared` community graphs and the `parley` graphs in
 * their roles; `layout` says whether the community talker graphs are there too (a stand-in) or
 * not (a converted checkpoint).
 */
export function parleyLayoutManifest<Sizes>(
  sizes: Sizes,
  shared: readonly GraphName[],
  parley: readonly ParleyGraphName[],
  layout: ParleyLayoutName = 'community+parley',
  precision: WeightPrecision = 'fp32',
): ParleyLayoutManifest<Sizes> {
  const graphs: Record<string, string> = {};
  for (const name of [...shared, ...parley]) graphs[manifestRole(name)] = `${name}.onnx`;
  return { layout, layoutVersion: PARLEY_LAYOUT_VERSION, precision, sizes, kvLayout: PARLEY_KV_LAYOUT, graphs };
}
