import { parleyVitestConfig } from '../../vitest.shared.js';

export default parleyVitestConfig();
