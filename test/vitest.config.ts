import { defineConfig } from 'vitest/config';

// Not the shared config: these tests import the packages as users get them, built (dist/),
// so no "@parley/source" condition here.
export default defineConfig({
  test: { include: ['**/*.test.ts'], exclude: ['**/node_modules/**'], testTimeout: 30_000 },
});
