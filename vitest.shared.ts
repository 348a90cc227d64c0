import { fileURLToPath } from 'node:url';
import { defaultServerConditions } from 'vite';
import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';

const NODE_SERVER_CONDITIONS = defaultServerConditions.filter((condition) => condition !== 'module');

/**
 * Where the tests' stand-in models go: this checkout's git-ignored `models/cache/`, not the
 * per-user cache a user's `ensureStandinModel()` writes to, so that a checkout whose generator
 * has uncommitted changes never reuses another checkout's stand-ins (their names hash the
 * generator's version, not its code). The commands the tests start inherit it.
 */
const TEST_CACHE = fileURLToPath(new URL('./models/cache/', import.meta.url));

/**
 * The vitest settings every workspace shares. Packages import each other by name, and inside
 * the repo the "@parley/source" export (the TypeScript sources) must win over dist/, so tests
 * need no build. Vitest resolves test code in Vite's SSR environment, whose conditions are
 * `ssr.resolve.conditions`; `resolve.conditions` alone only reaches the client resolver.
 * Vitest also hands those conditions to its worker processes as `node --conditions`, and Node
 * must not follow the bundler-only "module" export (@opentelemetry/api's, under
 * @livekit/agents, fails in Node), so it is left out.
 */
export function parleyVitestConfig(overrides: ViteUserConfig = {}): ViteUserConfig {
  const merged = mergeConfig(
    defineConfig({
      resolve: { conditions: ['@parley/source'] },
      ssr: { resolve: { conditions: ['@parley/source', ...NODE_SERVER_CONDITIONS] } },
      // CI machines have 2 cores and turbo runs several suites at once: a generous timeout
      // keeps heavy property tests from failing on load, never on correctness.
      test: { include: ['src/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000, env: { PARLEY_CACHE: TEST_CACHE } },
    }),
    overrides,
  );
  // mergeConfig concatenates arrays: a suite that names its own files replaces the default list.
  if (overrides.test?.include) merged.test!.include = overrides.test.include;
  return merged;
}
