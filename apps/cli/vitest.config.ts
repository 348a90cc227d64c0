import { parleyVitestConfig } from '../../vitest.shared.js';

// The CLI tests spawn real `parley` processes, each starting tsx (~2 s) and often a model
// worker; on a loaded 2-core CI machine a test of several such runs needs minutes, not seconds.
// The conformance tests need Python (`npm run test:conformance`), the room tests a LiveKit server
// (`npm run test:livekit`): each has a config of its own.
export default parleyVitestConfig({
  test: { testTimeout: 120_000, exclude: ['**/node_modules/**', 'src/**/*.conformance.test.ts', 'src/**/*.livekit.test.ts'] },
});
