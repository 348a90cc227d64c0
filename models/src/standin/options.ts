import { WEIGHT_PRECISIONS, type WeightPrecision } from '@parley/qwen3-contract';
import { DEFAULT_STANDIN_SIZES, validateSizes, type StandinSizes } from './sizes.js';

/**
 * The checkpoint kind the stand-in's config.json declares (`tts_model_type`): `custom_voice` has
 * the nine `spk_id` speakers; `base` has an empty `spk_id` and is the one that clones voices
 * (docs/model.md#voice-cloning). The graphs are the same for both: only config.json differs.
 */
export type StandinModelType = 'custom_voice' | 'base';

/**
 * Which graphs a stand-in holds: the nine of the community layout; those plus the parley layout's
 * graphs (`parley_*.onnx` and `parley-layout.json`; docs/model.md#parley-layout); or `parley`, only
 * what the parley path runs (the shared community graphs and the parley ones), like a converted
 * checkpoint.
 */
export type StandinLayout = 'community' | 'community+parley' | 'parley';

const LAYOUTS: readonly StandinLayout[] = ['community', 'community+parley', 'parley'];

/** Options of {@link generateStandinModel} and {@link ensureStandinModel}. */
export interface StandinOptions {
  /** PRNG seed (uint32); {@link DEFAULT_STANDIN_SEED} by default. */
  seed?: number;
  /** Sizes to override; the rest come from {@link DEFAULT_STANDIN_SIZES}. */
  sizes?: Partial<StandinSizes>;
  /** Emit the prefill's `last_hidden` as [1,T,H] instead of [1,1,H] (docs/model.md#talker-output-shapes). */
  lastHiddenAllPositions?: boolean;
  /** `tts_model_type` of config.json; `custom_voice` by default. */
  modelType?: StandinModelType;
  /** `community` by default. */
  layout?: StandinLayout;
  /** The parley graphs' weight precision (`fp32` by default); needs a parley layout. */
  precision?: WeightPrecision;
}

/** Everything that determines a stand-in's bytes, with defaults filled in. */
export interface ResolvedStandinOptions {
  readonly seed: number;
  readonly sizes: StandinSizes;
  readonly lastHiddenAllPositions: boolean;
  readonly modelType: StandinModelType;
  readonly layout: StandinLayout;
  readonly precision: WeightPrecision;
}

/** The seed used when none is given. */
export const DEFAULT_STANDIN_SEED = 1;

/** Fills in defaults and validates; throws on sizes that cannot make a model. */
export function resolveStandinOptions(options: StandinOptions = {}): ResolvedStandinOptions {
  const sizes = { ...DEFAULT_STANDIN_SIZES, ...options.sizes };
  validateSizes(sizes);
  const modelType = options.modelType ?? 'custom_voice';
  if (modelType !== 'custom_voice' && modelType !== 'base')
    throw new Error(`modelType must be custom_voice or base, got ${String(modelType)}`);
  const layout = options.layout ?? 'community';
  if (!LAYOUTS.includes(layout)) throw new Error(`layout must be one of ${LAYOUTS.join(', ')}, got ${String(layout)}`);
  const precision = options.precision ?? 'fp32';
  if (!WEIGHT_PRECISIONS.includes(precision))
    throw new Error(`precision must be one of ${WEIGHT_PRECISIONS.join(', ')}, got ${String(precision)}`);
  if (precision !== 'fp32' && layout === 'community')
    throw new Error(`precision ${precision} needs a parley layout (the community graphs are fp32 only)`);
  return {
    seed: options.seed ?? DEFAULT_STANDIN_SEED,
    sizes,
    lastHiddenAllPositions: options.lastHiddenAllPositions ?? false,
    modelType,
    layout,
    precision,
  };
}
