import { defineConfig } from 'vitest/config';

// Not the shared config: these tests import the packages as users get them, built (dist/),
// so no "@parley/source" condition here. The packed packages have their own suite
// (vitest.pack.config.ts, `npm run test:packages`).
export default defineConfig({
  test: { include: ['**/*.test.ts'], exclude: ['**/node_modules/**', '**/*.pack.test.ts'], testTimeout: 30_000 },
});
