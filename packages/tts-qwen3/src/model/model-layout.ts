import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParleyError } from '@parley/core';
import {
  GRAPH_SPECS,
  graphFile,
  graphForRole,
  PARLEY_GRAPH_SPECS,
  PARLEY_KV_LAYOUT,
  PARLEY_LAYOUT_FILE,
  PARLEY_LAYOUT_NAMES,
  PARLEY_LAYOUT_VERSION,
  WEIGHT_PRECISIONS,
  type GraphName,
  type GraphSpec,
  type WeightPrecision,
} from '@parley/qwen3-contract';
import { loadFailed } from './validate-graph.js';

/**
 * Which graphs the engine runs: `community` (the talker returns its whole cache, the code
 * predictor recomputes its context) or `parley` (steps return only the new K/V).
 */
export type ModelLayout = 'community' | 'parley';

/** What to load: a layout, or `auto` (parley when the directory has `parley-layout.json`). */
export type LayoutChoice = ModelLayout | 'auto';

/** The layout to load from a directory, with the file of each graph. */
export interface ResolvedLayout {
  readonly layout: ModelLayout;
  /** `fp32` for the community layout (it has no other). */
  readonly precision: WeightPrecision;
  readonly specs: readonly GraphSpec[];
  /** The file of a graph in the directory. */
  file(name: GraphName): string;
}

/**
 * Decides which layout to load from `dir`. `auto` picks parley when the directory carries a
 * layout manifest, so a converted model needs no option; `community` ignores the manifest.
 * @throws ParleyError MODEL_LOAD_FAILED naming parley-layout.json when `parley` is asked of a
 *   directory without one, or the manifest is not one this engine reads.
 */
export function resolveLayout(dir: string, choice: LayoutChoice): ResolvedLayout {
  const manifestPath = join(dir, PARLEY_LAYOUT_FILE);
  const hasManifest = existsSync(manifestPath);
  if (choice === 'community' || (choice === 'auto' && !hasManifest)) {
    return { layout: 'community', precision: 'fp32', specs: GRAPH_SPECS, file: graphFile };
  }
  if (!hasManifest)
    throw loadFailed(
      PARLEY_LAYOUT_FILE,
      `missing from ${dir}: layout 'parley' needs a directory made by the stand-in generator or \`parley models convert\``,
    );
  const manifest = readManifest(manifestPath);
  return {
    layout: 'parley',
    precision: manifest.precision,
    specs: PARLEY_GRAPH_SPECS,
    file: (name) => manifest.files.get(name) ?? graphFile(name),
  };
}

/** The parts of the manifest the engine reads, checked. */
function readManifest(path: string): { precision: WeightPrecision; files: Map<GraphName, string> } {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw loadFailed(PARLEY_LAYOUT_FILE, `not valid JSON (${(error as Error).message})`, error);
  }
  // Only the version the generator writes today: a directory of another is refused, not guessed at.
  if (json.layoutVersion !== PARLEY_LAYOUT_VERSION) {
    throw loadFailed(
      PARLEY_LAYOUT_FILE,
      `layoutVersion ${String(json.layoutVersion)} is not the ${PARLEY_LAYOUT_VERSION} this engine reads (regenerate or reconvert the model)`,
    );
  }
  const layouts: readonly unknown[] = PARLEY_LAYOUT_NAMES;
  if (!layouts.includes(json.layout))
    throw loadFailed(PARLEY_LAYOUT_FILE, `layout must be one of ${PARLEY_LAYOUT_NAMES.join(', ')}, got ${String(json.layout)}`);
  if (!WEIGHT_PRECISIONS.includes(json.precision as WeightPrecision))
    throw loadFailed(PARLEY_LAYOUT_FILE, `precision must be one of ${WEIGHT_PRECISIONS.join(', ')}, got ${String(json.precision)}`);
  if (json.kvLayout !== PARLEY_KV_LAYOUT)
    throw loadFailed(PARLEY_LAYOUT_FILE, `kvLayout must be '${PARLEY_KV_LAYOUT}', got ${String(json.kvLayout)}`);
  return { precision: json.precision as WeightPrecision, files: graphFiles(json.graphs) };
}

/** The manifest's role → file map as graph name → file (roles no graph plays are left alone). */
function graphFiles(graphs: unknown): Map<GraphName, string> {
  if (typeof graphs !== 'object' || graphs === null) throw loadFailed(PARLEY_LAYOUT_FILE, `'graphs' must map each role to a file name`);
  const files = new Map<GraphName, string>();
  for (const [role, file] of Object.entries(graphs)) {
    if (typeof file !== 'string' || file.includes('/') || file.includes('\\')) {
      throw loadFailed(PARLEY_LAYOUT_FILE, `graphs.${role} must be a file name in the model directory, got ${JSON.stringify(file)}`);
    }
    const graph = graphForRole(role);
    if (graph) files.set(graph, file);
  }
  return files;
}

/** Checks a layout choice from options. @throws ParleyError INVALID_INPUT for anything else. */
export function parseLayoutChoice(value: unknown): LayoutChoice {
  if (value === undefined) return 'auto';
  if (value === 'auto' || value === 'community' || value === 'parley') return value;
  throw new ParleyError('INVALID_INPUT', `layout must be 'auto', 'community' or 'parley', got ${String(value)}`);
}
