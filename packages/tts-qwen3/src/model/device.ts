import { ParleyError } from '@parley/core';
import type * as ort from 'onnxruntime-node';

/** Where the graphs run: the CPU, the first CUDA GPU, or CUDA GPU N (`'cuda:1'`). */
export type Device = 'cpu' | 'cuda' | `cuda:${number}`;

/** The device kinds; a CUDA device may also carry an id (`'cuda:N'`). */
export const DEVICES: readonly ('cpu' | 'cuda')[] = ['cpu', 'cuda'];

/** A {@link Device} taken apart: the execution provider and, for CUDA, the GPU id. */
export interface ParsedDevice {
  readonly provider: 'cpu' | 'cuda';
  readonly deviceId: number;
}

/** Parses a device name; undefined when it is not one (`'tpu'`, `'cuda:-1'`, `'cuda:x'`). */
export function parseDevice(device: unknown): ParsedDevice | undefined {
  if (device === 'cpu' || device === 'cuda') return { provider: device, deviceId: 0 };
  const match = typeof device === 'string' ? /^cuda:(\d{1,3})$/.exec(device) : null;
  return match ? { provider: 'cuda', deviceId: Number(match[1]) } : undefined;
}

/** Whether `device` is a CUDA device (`'cuda'` or `'cuda:N'`). */
export function isCuda(device: Device): boolean {
  return parseDevice(device)?.provider === 'cuda';
}

/**
 * ORT session options for `device`. `threads` sets the intra-op pool; ORT picks when absent.
 * CUDA lists the CPU provider second so nodes CUDA cannot run still have a home.
 */
export function sessionOptions(device: Device, threads: number | undefined): ort.InferenceSession.SessionOptions {
  const parsed = parseDevice(device) ?? { provider: 'cpu', deviceId: 0 };
  return {
    executionProviders: parsed.provider === 'cuda' ? [{ name: 'cuda', deviceId: parsed.deviceId }, 'cpu'] : ['cpu'],
    ...(threads === undefined ? {} : { intraOpNumThreads: threads }),
    // ORT logs warnings about unused initializers and the like to stderr; errors still surface as throws.
    logSeverityLevel: 3,
  };
}

/** How to get CUDA working; part of every DEVICE_UNAVAILABLE message. */
export const CUDA_INSTALL_HINT =
  'onnxruntime-node needs CUDA 12.x and cuDNN 9.x on the library path, and its CUDA provider libraries, ' +
  'which `npm run setup:cuda` (at the repository root) fetches. Or use device \'cpu\', or pass fallbackToCpu: true.';

/**
 * Recognises ORT's failure to load an execution provider's native libraries (ENVIRONMENT.md:
 * asking for `cuda` without them throws "Failed to load shared library") and turns it into
 * DEVICE_UNAVAILABLE; returns undefined for any other error.
 */
export function deviceError(device: Device, error: unknown): ParleyError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (!isCuda(device) || !/Failed to load (shared )?library|providers_cuda|CUDA/i.test(message)) return undefined;
  return new ParleyError('DEVICE_UNAVAILABLE', `CUDA is unavailable (device '${device}'): ${CUDA_INSTALL_HINT} ORT said: ${message}`, {
    cause: error,
    retryable: false,
  });
}
