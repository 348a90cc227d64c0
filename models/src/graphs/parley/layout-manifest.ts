import type { WeightPrecision } from '../../quantize/precision.js';
import type { StandinSizes } from '../../standin/sizes.js';
import type { ParleyGraphName } from './build-parley-graph.js';

/** The file name of the layout manifest in a model directory (issue 7: "a manifest file … the engine reads"). */
export const PARLEY_LAYOUT_FILE = 'parley-layout.json';

/** Bump when a parley graph's I/O contract changes, so an engine can refuse an older directory. */
export const PARLEY_LAYOUT_VERSION = 2;

/** Weight precision of a directory's parley graphs (see {@link WeightPrecision}). */
export type ParleyPrecision = WeightPrecision;

/**
 * What a directory holds: `community+parley` is a stand-in with the nine community graphs plus
 * the parley graphs; `parley` has only the graphs the parley path runs (what `parley models
 * convert` writes: no community talker or code predictor).
 */
export type ParleyLayoutName = 'community+parley' | 'parley';

/**
 * `parley-layout.json`, first version: which layout and precision a directory holds, its sizes,
 * and which file plays each role.
 */
export interface ParleyLayoutManifest {
  readonly layout: ParleyLayoutName;
  readonly layoutVersion: number;
  readonly precision: ParleyPrecision;
  readonly sizes: StandinSizes;
  /** The cache of every parley graph: `[kvHeads, capacity, headDim]` buffers fed whole with `past_length`; outputs `[kvH, T, hd]`. */
  readonly kvLayout: 'head-major-capacity';
  /**
   * The parley path's role → file name: the shared community graphs under their own names, and
   * `talker_prefill`, `talker_decode`, `code_predictor_prefill`, `code_predictor_step` → the
   * `parley_*` files. The community `talker_*`/`code_predictor` files stay in the directory for
   * the community path, which does not read this manifest.
   */
  readonly graphs: Readonly<Record<string, string>>;
}

/**
 * The manifest for `sizes`, with `shared` community graphs and the `parley` graphs taking their
 * roles; `layout` says whether the community talker graphs are there too (a stand-in) or not
 * (a converted checkpoint).
 */
export function parleyLayoutManifest(
  sizes: StandinSizes,
  shared: readonly string[],
  parley: readonly ParleyGraphName[],
  layout: ParleyLayoutName = 'community+parley',
  precision: ParleyPrecision = 'fp32',
): ParleyLayoutManifest {
  const graphs: Record<string, string> = {};
  for (const name of shared) graphs[name] = `${name}.onnx`;
  for (const name of parley) graphs[name.replace(/^parley_/, '')] = `${name}.onnx`;
  return { layout, layoutVersion: PARLEY_LAYOUT_VERSION, precision, sizes, kvLayout: 'head-major-capacity', graphs };
}
