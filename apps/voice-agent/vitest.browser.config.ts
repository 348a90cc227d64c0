import { parleyVitestConfig } from '../../vitest.shared.js';

// The page in a real headless chromium (apt package "chromium", at /usr/bin/chromium).
export default parleyVitestConfig({ test: { include: ['src/**/*.browser.test.ts'], testTimeout: 120_000 } });
