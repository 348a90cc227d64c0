import { describe, expect, it } from 'vitest';
import { deviceError, parseDevice, sessionOptions } from './device.js';

describe('device', () => {
  it('parses cpu, cuda and cuda:N, and nothing else', () => {
    expect(['cpu', 'cuda', 'cuda:2'].map(parseDevice)).toEqual([
      { provider: 'cpu', deviceId: 0 },
      { provider: 'cuda', deviceId: 0 },
      { provider: 'cuda', deviceId: 2 },
    ]);
    expect(['tpu', 'cuda:', 'cuda:-1', 'cuda:x', 'CUDA', 3].map(parseDevice)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('asks ORT for the CUDA provider on the given GPU, with the CPU behind it', () => {
    expect(sessionOptions('cuda:1', 2)).toMatchObject({ executionProviders: [{ name: 'cuda', deviceId: 1 }, 'cpu'], intraOpNumThreads: 2 });
    expect(sessionOptions('cpu', undefined).executionProviders).toEqual(['cpu']);
  });

  it('maps a provider library failure on any CUDA device, and only there, to DEVICE_UNAVAILABLE', () => {
    const ort = new Error('Failed to load shared library libonnxruntime_providers_cuda.so');
    expect(deviceError('cuda:3', ort)).toMatchObject({ code: 'DEVICE_UNAVAILABLE' });
    expect(deviceError('cpu', ort)).toBeUndefined();
  });
});
