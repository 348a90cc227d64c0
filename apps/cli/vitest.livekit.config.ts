import { parleyVitestConfig } from '../../vitest.shared.js';

// `parley agent --livekit-url` in a real LiveKit room (scripts/livekit-server.mjs builds the
// server with go install and starts one per test file on loopback): `npm run test:livekit`.
export default parleyVitestConfig({ test: { include: ['src/**/*.livekit.test.ts'], testTimeout: 120_000, hookTimeout: 600_000 } });
