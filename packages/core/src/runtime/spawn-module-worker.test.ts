import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { siblingEntry, spawnModuleWorker } from './spawn-module-worker.js';

describe('spawnModuleWorker', () => {
  it('runs a TypeScript entry that imports workspace packages by name', async () => {
    const worker = spawnModuleWorker(siblingEntry(import.meta.url, 'testing/echo-worker'));
    try {
      worker.postMessage('hello');
      const [reply] = await once(worker, 'message');
      expect(reply).toBe('HELLO');
    } finally {
      await worker.terminate();
    }
  });

  it('names the sibling entry with the caller’s own extension', () => {
    expect(siblingEntry('file:///a/b/spawn.ts', 'entry').href).toBe('file:///a/b/entry.ts');
    expect(siblingEntry('file:///a/b/spawn.js', 'entry').href).toBe('file:///a/b/entry.js');
  });
});
