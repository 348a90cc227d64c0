import { describe, expect, it } from 'vitest';
import { deviceError, parseDevice, sessionOptions } from './device.js';

describe('device', () => {
  it('parses cpu, webgpu, cuda and cuda:N, and nothing else', () => {
    expect(['cpu', 'webgpu', 'cuda', 'cuda:2'].map(parseDevice)).toEqual([
      { provider: 'cpu', deviceId: 0 },
      { provider: 'webgpu', deviceId: 0 },
      { provider: 'cuda', deviceId: 0 },
      { provider: 'cuda', deviceId: 2 },
    ]);
    expect(['tpu', 'cuda:', 'cuda:-1', 'cuda:x', 'CUDA', 3].map(parseDevice)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('asks ORT for the CUDA provider on the given GPU, with the CPU behind it', () => {
    expect(sessionOptions('cuda:1', 2)).toMatchObject({ executionProviders: [{ name: 'cuda', deviceId: 1 }, 'cpu'], intraOpNumThreads: 2 });
    expect(sessionOptions('cpu', undefined).executionProviders).toEqual(['cpu']);
  });

  it('asks for WebGPU with the CPU behind it, and keeps the named outputs on the GPU only there', () => {
    const outputs = { present_key_0: 'gpu-buffer' } as const;
    expect(sessionOptions('webgpu', undefined, outputs)).toMatchObject({
      executionProviders: ['webgpu', 'cpu'],
      preferredOutputLocation: outputs,
    });
    expect(sessionOptions('cpu', undefined, outputs).preferredOutputLocation).toBeUndefined();
    expect(sessionOptions('webgpu', undefined, {}).preferredOutputLocation).toBeUndefined();
  });

  it("maps WebGPU's missing adapter to DEVICE_UNAVAILABLE with ORT's reason, without its source path", () => {
    const ort = new Error(
      '/onnxruntime_src/onnxruntime/core/providers/webgpu/webgpu_context.cc:136 … was false. Failed to get a WebGPU adapter: No supported adapters',
    );
    const error = deviceError('webgpu', ort);
    expect(error).toMatchObject({ code: 'DEVICE_UNAVAILABLE', retryable: false });
    expect(error?.message).toMatch(/Vulkan.*ORT said: Failed to get a WebGPU adapter: No supported adapters$/s);
    expect(error?.message).not.toContain('onnxruntime_src');
    expect(deviceError('webgpu', new Error('protobuf parsing failed'))).toBeUndefined();
  });

  it('maps a provider library failure on any CUDA device, and only there, to DEVICE_UNAVAILABLE', () => {
    const ort = new Error('Failed to load shared library libonnxruntime_providers_cuda.so');
    expect(deviceError('cuda:3', ort)).toMatchObject({ code: 'DEVICE_UNAVAILABLE' });
    expect(deviceError('cpu', ort)).toBeUndefined();
  });
});
