import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { WeightPrecision } from '@parley/qwen3-contract';
import type { ResolvedStandinOptions, StandinLayout, StandinModelType } from './options.js';
import type { StandinSizes } from './sizes.js';

/** The manifest's file name inside a stand-in directory. */
export const MANIFEST_FILE = 'parley-standin.json';

/**
 * Bump whenever a graph, a weight init or config.json changes: every cached stand-in made by an
 * older generator then counts as stale and is rebuilt.
 */
export const STANDIN_GENERATOR_VERSION = 5;

/** What `parley-standin.json` holds: what made the directory, and what it must contain. */
export interface StandinManifest {
  readonly generator: '@parley/models';
  readonly generatorVersion: number;
  readonly seed: number;
  readonly sizes: StandinSizes;
  readonly lastHiddenAllPositions: boolean;
  /** Present only for a non-default `tts_model_type` (see {@link identityOf}). */
  readonly modelType?: StandinModelType;
  /** Present only for a non-default layout (see {@link identityOf}). */
  readonly layout?: StandinLayout;
  /** Present only for a quantized parley layout. */
  readonly precision?: WeightPrecision;
  /** The weight source, e.g. `random(seed=1)`. */
  readonly weights: string;
  /** Every file written besides the manifest, with its size in bytes. */
  readonly files: Readonly<Record<string, number>>;
}

/** The manifest for a generation with `options` that wrote `files`. */
export function createManifest(options: ResolvedStandinOptions, weights: string, files: Record<string, number>): StandinManifest {
  return { generator: '@parley/models', generatorVersion: STANDIN_GENERATOR_VERSION, ...identityOf(options), weights, files };
}

/**
 * A short hash of everything that determines a stand-in's bytes (generator version, seed, sizes,
 * options): the name of its cache directory.
 */
export function standinHash(options: ResolvedStandinOptions): string {
  const identity = { generatorVersion: STANDIN_GENERATOR_VERSION, ...identityOf(options) };
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 12);
}

/** The manifest in `dir`, or undefined when it is missing or unreadable. */
export function readManifest(dir: string): StandinManifest | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as StandinManifest;
  } catch {
    return undefined;
  }
}

/**
 * Whether `dir` holds a complete stand-in made by this generator with `options`: the manifest
 * matches and every listed file exists with its recorded size (a cheap check against truncation).
 */
export function isFresh(dir: string, options: ResolvedStandinOptions): boolean {
  const manifest = readManifest(dir);
  if (manifest === undefined || manifest.generatorVersion !== STANDIN_GENERATOR_VERSION) return false;
  if (JSON.stringify(identityOf(manifest)) !== JSON.stringify(identityOf(options))) return false;
  return Object.entries(manifest.files).every(([file, bytes]) => sizeOf(join(dir, file)) === bytes);
}

/** What identifies a stand-in: the resolved options, or a manifest written by any generator. */
type Identity = Omit<ResolvedStandinOptions, 'modelType' | 'layout' | 'precision'> & {
  readonly modelType?: StandinModelType;
  readonly layout?: StandinLayout;
  readonly precision?: WeightPrecision;
};

function identityOf(o: Identity): Identity {
  // Fixed key order, so JSON comparison and hashing do not depend on how options were spelled.
  const sizes = Object.fromEntries(Object.entries(o.sizes).sort(([a], [b]) => a.localeCompare(b))) as unknown as StandinSizes;
  // The default model type, layout and precision are left out, so the stand-ins made before
  // those options existed keep their hash and cache directory.
  const modelType = o.modelType === undefined || o.modelType === 'custom_voice' ? {} : { modelType: o.modelType };
  const layout = o.layout === undefined || o.layout === 'community' ? {} : { layout: o.layout };
  const precision = o.precision === undefined || o.precision === 'fp32' ? {} : { precision: o.precision };
  return { seed: o.seed, sizes, lastHiddenAllPositions: o.lastHiddenAllPositions, ...modelType, ...layout, ...precision };
}

function sizeOf(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}
