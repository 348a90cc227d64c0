import { parleyVitestConfig } from '../vitest.shared.js';

// The WebGPU tests need a Vulkan driver: they run with `npm run test:webgpu` (vitest.webgpu.config.ts).
export default parleyVitestConfig({ test: { exclude: ['**/node_modules/**', '**/*.webgpu.test.ts'] } });
