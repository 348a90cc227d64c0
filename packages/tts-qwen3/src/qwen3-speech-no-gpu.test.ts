import { lastValueFrom, toArray } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { standinDir } from './testing/standin.js';
import { Qwen3Speech } from './qwen3-speech.js';

// No Vulkan driver for this process (each test file has its own): WebGPU finds no adapter here
// whatever the machine has, as on a server without a GPU driver.
process.env.VK_DRIVER_FILES = '/nonexistent/vulkan-icd.json';
process.env.VK_ICD_FILENAMES = '/nonexistent/vulkan-icd.json';

let model: string;
beforeAll(async () => {
  model = await standinDir({ layout: 'community+parley' });
});

describe('Qwen3Speech on WebGPU where no GPU adapter exists', () => {
  it('fails with DEVICE_UNAVAILABLE that says what WebGPU needs, not an ONNX Runtime trace', async () => {
    const error = await Qwen3Speech.load({ model, device: 'webgpu' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DEVICE_UNAVAILABLE', retryable: false });
    const message = (error as Error).message;
    for (const hint of ["device 'webgpu'", 'Vulkan', 'fallbackToCpu', 'Failed to get a WebGPU adapter']) expect(message).toContain(hint);
    expect(message).not.toContain('onnxruntime_src');
  });

  it('with fallbackToCpu, loads on the CPU, says so through onWarning, and speaks', async () => {
    const warnings: string[] = [];
    const tts = await Qwen3Speech.load({
      model,
      device: 'webgpu',
      fallbackToCpu: true,
      threads: 1,
      onWarning: (message) => warnings.push(message),
    });
    expect(tts.info).toMatchObject({ device: 'cpu', kvCache: 'host' });
    expect(warnings).toEqual([expect.stringContaining("device 'webgpu' is unavailable")]);
    const events = await lastValueFrom(tts.synthesize('On the CPU.', { seed: 1, maxFrames: 4 }).pipe(toArray()));
    expect(events.at(-1)?.type).toBe('done');
    await tts.close();
  });
});
