import { parleyVitestConfig } from '../../vitest.shared.js';

// A LiveKit Agents `voice.AgentSession` speaking through parley's TTS plugin in a real LiveKit
// room (scripts/livekit-server.mjs builds the server with go install and starts one per test
// file on loopback): `npm run test:livekit`. rtc-node logs JSON at debug level to stdout unless
// NODE_ENV is production.
export default parleyVitestConfig({
  test: { include: ['src/**/*.livekit.test.ts'], testTimeout: 180_000, hookTimeout: 600_000, env: { NODE_ENV: 'production' } },
});
