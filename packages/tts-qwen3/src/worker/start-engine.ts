import { isParleyError } from '@parley/core';
import type { ResolvedEngineOptions } from '../engine-options.js';
import type { Device } from '../model/device.js';
import type { ModelInfo } from './protocol.js';
import { WorkerPool } from './worker-pool.js';

/** What {@link Qwen3Speech.info} tells about a loaded engine. */
export interface EngineInfo extends ModelInfo {
  /** The device the graphs run on: `'cpu'` after a fallback from a GPU. */
  readonly device: Device;
  /** Worker threads, each with a copy of the model. */
  readonly workers: number;
  /** Wall time of the load, all workers (they load in parallel), in ms. */
  readonly loadMs: number;
}

/** A started pool and what it loaded. */
export interface LoadedEngine {
  readonly pool: WorkerPool;
  readonly info: EngineInfo;
}

/**
 * Starts the worker pool on the asked device; with `fallbackToCpu`, a GPU device that is
 * unavailable becomes a warning and a load on the CPU. A WebGPU model that must keep its
 * caches in host memory says why in a warning. `check` vets what was loaded (the
 * defaults against the model's voices); when it throws, the pool is disposed.
 * @throws ParleyError from the load or from `check`.
 */
export async function startEngine(options: ResolvedEngineOptions, check: (info: ModelInfo) => void): Promise<LoadedEngine> {
  const started = performance.now();
  let device = options.device;
  let pool: WorkerPool;
  try {
    pool = await WorkerPool.start({ ...options, device });
  } catch (error) {
    if (!(options.fallbackToCpu && isParleyError(error) && error.code === 'DEVICE_UNAVAILABLE')) throw error;
    options.warn(`device '${device}' is unavailable, so the model runs on the CPU (fallbackToCpu). ${error.message}`);
    device = 'cpu';
    pool = await WorkerPool.start({ ...options, device });
  }
  if (pool.primary.info.kvCacheNote) options.warn(pool.primary.info.kvCacheNote);
  try {
    check(pool.primary.info);
  } catch (error) {
    await pool.dispose();
    throw error;
  }
  return { pool, info: { ...pool.primary.info, device, workers: pool.size, loadMs: performance.now() - started } };
}
