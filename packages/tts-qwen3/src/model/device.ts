import { ParleyError } from '@parley/core';
import type * as ort from 'onnxruntime-node';

/** Where the graphs run. */
export type Device = 'cpu' | 'cuda';

/** The devices {@link sessionOptions} accepts. */
export const DEVICES: readonly Device[] = ['cpu', 'cuda'];

/**
 * ORT session options for `device`. `threads` sets the intra-op pool; ORT picks when absent.
 * CUDA lists the CPU provider second so nodes CUDA cannot run still have a home.
 */
export function sessionOptions(device: Device, threads: number | undefined): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: device === 'cuda' ? ['cuda', 'cpu'] : ['cpu'],
    ...(threads === undefined ? {} : { intraOpNumThreads: threads }),
    // ORT logs warnings about unused initializers and the like to stderr; errors still surface as throws.
    logSeverityLevel: 3,
  };
}

/**
 * Recognises ORT's failure to load an execution provider's native libraries (ENVIRONMENT.md:
 * asking for `cuda` without them throws "Failed to load shared library") and turns it into
 * DEVICE_UNAVAILABLE; returns undefined for any other error.
 */
export function deviceError(device: Device, error: unknown): ParleyError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (device !== 'cuda' || !/Failed to load (shared )?library|providers_cuda|CUDA/i.test(message)) return undefined;
  return new ParleyError(
    'DEVICE_UNAVAILABLE',
    'CUDA is unavailable: onnxruntime-node could not load its CUDA execution provider ' +
      '(it needs CUDA 12 and cuDNN 9, and the provider libraries fetched by `npm run setup:cuda`). ' +
      `Use device 'cpu', or install them. ORT said: ${message}`,
    { cause: error, retryable: false },
  );
}
