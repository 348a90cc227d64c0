import { parleyVitestConfig } from '../../vitest.shared.js';

// The browser tests need chromium: they run with `npm run test:browser` (vitest.browser.config.ts);
// the room tests a LiveKit server: `npm run test:livekit` (vitest.livekit.config.ts).
// The agent tests run real-time speech through the real VAD: on a loaded 2-core CI machine they
// need more than the default timeout.
export default parleyVitestConfig({
  test: { testTimeout: 120_000, exclude: ['**/node_modules/**', 'src/**/*.browser.test.ts', 'src/**/*.livekit.test.ts'] },
});
