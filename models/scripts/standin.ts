/**
 * `npm run standin -w @parley/models -- [outDir] [--seed N] [--real-0.6b] [--last-hidden-all] [--parley] [--layout L] [--precision P]`
 *
 * Writes a random-weight Qwen3-TTS stand-in. Without `outDir` it ensures the cached default
 * (`standin-<hash>` in parley's cache, `$PARLEY_CACHE` or else e.g. `~/.cache/parley`, regenerated only when stale) and prints its path; with one it
 * generates there unconditionally. `--real-0.6b` uses the real 0.6B sizes (~6.5 GB, minutes);
 * `--parley` adds the parley layout's graphs and `parley-layout.json` (docs/model.md#parley-layout), like
 * `--layout community+parley`; `--layout parley` writes only what the parley path runs;
 * `--precision int8|q4` quantizes the parley graphs.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { WeightPrecision } from '@parley/qwen3-contract';
import { ensureStandinModel, generateStandinModel, REAL_0_6B_SIZES, type StandinLayout, type StandinOptions } from '../src/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seed: { type: 'string' },
    'real-0.6b': { type: 'boolean', default: false },
    'last-hidden-all': { type: 'boolean', default: false },
    parley: { type: 'boolean', default: false },
    layout: { type: 'string' },
    precision: { type: 'string' },
  },
});

const options: StandinOptions = {
  ...(values.seed === undefined ? {} : { seed: Number(values.seed) }),
  ...(values['real-0.6b'] ? { sizes: REAL_0_6B_SIZES } : {}),
  lastHiddenAllPositions: values['last-hidden-all'],
  ...(values.parley ? { layout: 'community+parley' as const } : {}),
  ...(values.layout === undefined ? {} : { layout: values.layout as StandinLayout }),
  ...(values.precision === undefined ? {} : { precision: values.precision as WeightPrecision }),
};

const started = performance.now();
const outDir = positionals[0] === undefined ? await ensureStandinModel(undefined, options) : resolve(positionals[0]);
if (positionals[0] !== undefined) await generateStandinModel(outDir, options);
const seconds = ((performance.now() - started) / 1000).toFixed(2);

for (const file of readdirSync(outDir).sort()) {
  const bytes = statSync(join(outDir, file)).size;
  console.log(`${(bytes / 1e6).toFixed(2).padStart(10)} MB  ${file}`);
}
console.log(`stand-in ready in ${seconds} s: ${outDir}`);
