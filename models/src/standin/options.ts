import { DEFAULT_STANDIN_SIZES, validateSizes, type StandinSizes } from './sizes.js';

/** Options of {@link generateStandinModel} and {@link ensureStandinModel}. */
export interface StandinOptions {
  /** PRNG seed (uint32); {@link DEFAULT_STANDIN_SEED} by default. */
  seed?: number;
  /** Sizes to override; the rest come from {@link DEFAULT_STANDIN_SIZES}. */
  sizes?: Partial<StandinSizes>;
  /** Emit the prefill's `last_hidden` as [1,T,H] instead of [1,1,H] (doc §3 *). */
  lastHiddenAllPositions?: boolean;
}

/** Everything that determines a stand-in's bytes, with defaults filled in. */
export interface ResolvedStandinOptions {
  readonly seed: number;
  readonly sizes: StandinSizes;
  readonly lastHiddenAllPositions: boolean;
}

/** The seed used when none is given. */
export const DEFAULT_STANDIN_SEED = 1;

/** Fills in defaults and validates; throws on sizes that cannot make a model. */
export function resolveStandinOptions(options: StandinOptions = {}): ResolvedStandinOptions {
  const sizes = { ...DEFAULT_STANDIN_SIZES, ...options.sizes };
  validateSizes(sizes);
  return { seed: options.seed ?? DEFAULT_STANDIN_SEED, sizes, lastHiddenAllPositions: options.lastHiddenAllPositions ?? false };
}
