import { parleyVitestConfig } from '../../vitest.shared.js';

// The tests against a real LiveKit server run with `npm run test:livekit` (vitest.livekit.config.ts).
export default parleyVitestConfig({ test: { exclude: ['**/node_modules/**', '**/*.livekit.test.ts'] } });
