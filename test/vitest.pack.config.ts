import { defineConfig } from 'vitest/config';

// The packed packages installed outside the repository (`npm run test:packages`): npm and
// the examples run as child processes, one file, serially, with the time an install takes.
export default defineConfig({
  test: { include: ['packages/*.pack.test.ts'], testTimeout: 120_000, hookTimeout: 600_000, fileParallelism: false },
});
