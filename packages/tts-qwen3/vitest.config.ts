import { parleyVitestConfig } from '../../vitest.shared.js';

// Worker-thread tests load the model in a fresh worker (about a second each); CI runs packages in
// parallel on two cores, so the timeouts leave room.
export default parleyVitestConfig({ test: { testTimeout: 30_000, hookTimeout: 30_000 } });
