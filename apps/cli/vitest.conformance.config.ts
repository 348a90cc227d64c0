import { parleyVitestConfig } from '../../vitest.shared.js';

// vLLM-Omni's own Python client against `parley serve` (`npm run test:conformance`, which picks
// the *.conformance.test.ts files): it needs the Python venv .ci/run builds, so `npm test`
// leaves it out.
export default parleyVitestConfig({ test: { include: ['src/**/*.conformance.test.ts'], testTimeout: 120_000 } });
