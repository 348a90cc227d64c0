import type { Worker } from 'node:worker_threads';
import { siblingEntry, spawnModuleWorker } from '@parley/core';

/** Starts the engine's worker thread on `entry`, from the sources or the built package alike. */
export function spawnEngineWorker(): Worker {
  return spawnModuleWorker(siblingEntry(import.meta.url, 'entry'));
}
