import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ParleyError } from '@parley/core';
import type * as ort from 'onnxruntime-node';

/**
 * Where the graphs run: the CPU, the first CUDA GPU, CUDA GPU N (`'cuda:1'`), or the GPU that
 * WebGPU finds (`'webgpu'`: Vulkan, Metal or D3D12, bundled with onnxruntime-node, no CUDA).
 */
export type Device = 'cpu' | 'cuda' | `cuda:${number}` | 'webgpu';

/** The device kinds; a CUDA device may also carry an id (`'cuda:N'`). */
export const DEVICES: readonly ('cpu' | 'cuda' | 'webgpu')[] = ['cpu', 'cuda', 'webgpu'];

/** A {@link Device} taken apart: the execution provider and, for CUDA, the GPU id. */
export interface ParsedDevice {
  readonly provider: 'cpu' | 'cuda' | 'webgpu';
  readonly deviceId: number;
}

/** Parses a device name; undefined when it is not one (`'tpu'`, `'cuda:-1'`, `'cuda:x'`). */
export function parseDevice(device: unknown): ParsedDevice | undefined {
  if (device === 'cpu' || device === 'cuda' || device === 'webgpu') return { provider: device, deviceId: 0 };
  const match = typeof device === 'string' ? /^cuda:(\d{1,3})$/.exec(device) : null;
  return match ? { provider: 'cuda', deviceId: Number(match[1]) } : undefined;
}

/** Where ORT leaves each named output of a run: in host memory, or in a GPU buffer. */
export type OutputLocations = Readonly<Record<string, 'cpu' | 'gpu-buffer'>>;

/**
 * ORT session options for `device`. `threads` sets the intra-op pool; ORT picks when absent.
 * A GPU provider lists the CPU provider second, so nodes it cannot run (shape arithmetic, the
 * int8 step heads on WebGPU) still have a home. `outputs` keeps the named outputs on the GPU
 * (WebGPU only: the one provider whose outputs Node can leave on the device).
 */
export function sessionOptions(
  device: Device,
  threads: number | undefined,
  outputs?: OutputLocations,
): ort.InferenceSession.SessionOptions {
  const parsed = parseDevice(device) ?? { provider: 'cpu', deviceId: 0 };
  const providers: ort.InferenceSession.ExecutionProviderConfig[] =
    parsed.provider === 'cuda'
      ? [{ name: 'cuda', deviceId: parsed.deviceId }, 'cpu']
      : parsed.provider === 'webgpu'
        ? ['webgpu', 'cpu']
        : ['cpu'];
  return {
    executionProviders: providers,
    ...(threads === undefined ? {} : { intraOpNumThreads: threads }),
    ...(outputs && parsed.provider === 'webgpu' && Object.keys(outputs).length > 0 ? { preferredOutputLocation: { ...outputs } } : {}),
    // ORT logs warnings about unused initializers and the like to stderr; errors still surface as throws.
    logSeverityLevel: 3,
  };
}

/** How to get CUDA working; part of every CUDA DEVICE_UNAVAILABLE message. */
export const CUDA_INSTALL_HINT =
  'onnxruntime-node needs CUDA 12.x and cuDNN 9.x on the library path, and its CUDA provider libraries, ' +
  "which `npm run setup:cuda` (at the repository root) fetches. Or use device 'webgpu' (no CUDA needed), 'cpu', or pass fallbackToCpu: true.";

/** How to get WebGPU working; part of every WebGPU DEVICE_UNAVAILABLE message. */
export const WEBGPU_INSTALL_HINT =
  "WebGPU runs through the GPU driver's Vulkan (Linux), Metal (macOS) or D3D12 (Windows) support: on Linux install the " +
  "Vulkan loader (libvulkan1) and the driver's Vulkan ICD (NVIDIA's driver ships one; Mesa 25+ for AMD, Intel or the CPU). " +
  "Or use device 'cpu', or pass fallbackToCpu: true.";

/**
 * Where onnxruntime-node keeps its CUDA provider library on Linux, next to its binding: its install
 * step or `npm run setup:cuda` puts it there, and a CPU-only install has none. Undefined elsewhere
 * (Windows names it otherwise; macOS has no CUDA).
 */
export function cudaProviderLibrary(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  const binding = dirname(createRequire(import.meta.url).resolve('onnxruntime-node'));
  return join(binding, '..', 'bin', 'napi-v6', process.platform, process.arch, 'libonnxruntime_providers_cuda.so');
}

/**
 * DEVICE_UNAVAILABLE before ORT is asked, when `device` is CUDA and its provider library is not
 * installed: ORT would print its own error line to stderr first, whatever the log level.
 */
export function missingCudaProvider(device: Device): ParleyError | undefined {
  const library = parseDevice(device)?.provider === 'cuda' ? cudaProviderLibrary() : undefined;
  if (library === undefined || existsSync(library)) return undefined;
  return new ParleyError('DEVICE_UNAVAILABLE', `CUDA is unavailable (device '${device}'): ${CUDA_INSTALL_HINT} Not installed: ${library}`, {
    retryable: false,
  });
}

/**
 * Recognises ORT's failure to reach a device and turns it into DEVICE_UNAVAILABLE: CUDA's
 * missing provider libraries ("Failed to load shared library"), or WebGPU finding no adapter
 * ("Failed to get a WebGPU adapter"). Undefined for any other error.
 */
export function deviceError(device: Device, error: unknown): ParleyError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const provider = parseDevice(device)?.provider;
  const unavailable =
    (provider === 'cuda' && /Failed to load (shared )?library|providers_cuda|CUDA/i.test(message)) ||
    (provider === 'webgpu' && /WebGPU adapter|WebGPU device|webgpu.*(not|un)available|Dawn/i.test(message));
  if (!unavailable) return undefined;
  const [what, hint] = provider === 'cuda' ? ['CUDA', CUDA_INSTALL_HINT] : ['WebGPU', WEBGPU_INSTALL_HINT];
  return new ParleyError('DEVICE_UNAVAILABLE', `${what} is unavailable (device '${device}'): ${hint} ORT said: ${ortReason(message)}`, {
    cause: error,
    retryable: false,
  });
}

/** ORT prefixes its messages with a source path and a failed condition; the reason is last. */
function ortReason(message: string): string {
  const reason = /(Failed to get a WebGPU adapter.*)$/s.exec(message);
  return (reason?.[1] ?? message).trim();
}
