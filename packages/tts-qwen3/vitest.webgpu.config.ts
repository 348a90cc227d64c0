import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parleyVitestConfig } from '../../vitest.shared.js';

// WebGPU through Vulkan: on a machine without a GPU, Mesa's CPU driver (lavapipe), which
// scripts/install-webgpu-driver.sh installs. Slow (correctness only), hence the long timeout.
// Dawn wants a runtime directory.
export default parleyVitestConfig({
  test: {
    include: ['src/**/*.webgpu.test.ts', 'gpu-check/**/*.webgpu.test.ts'],
    testTimeout: 600_000,
    env: { XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? mkdtempSync(join(tmpdir(), 'parley-xdg-')) },
  },
});
