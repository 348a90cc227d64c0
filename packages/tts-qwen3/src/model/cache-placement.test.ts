import { describe, expect, it } from 'vitest';
import { checkDeclaredLayers, deviceOutputs, hostPlacementReason, kvPlacement, type PlacementInputs } from './cache-placement.js';
import { GRAPH_SPECS, PARLEY_GRAPH_SPECS } from '@parley/qwen3-contract';

const WEBGPU_PARLEY: PlacementInputs = {
  device: 'webgpu',
  layout: 'parley',
  allowed: true,
  hasAppendGraphs: true,
  layers: { talker: 2, codePredictor: 1 },
};

describe('where the KV caches live', () => {
  it('on the GPU only for WebGPU, when allowed, with the layers declared and (parley) the append graphs there', () => {
    expect(kvPlacement(WEBGPU_PARLEY)).toBe('device');
    expect(
      kvPlacement({ ...WEBGPU_PARLEY, layout: 'community', hasAppendGraphs: false, layers: { talker: 2, codePredictor: undefined } }),
    ).toBe('device');
    for (const change of [
      { device: 'cpu' },
      { device: 'cuda' },
      { allowed: false },
      { hasAppendGraphs: false },
      { layers: { talker: undefined, codePredictor: 1 } },
    ] as const) {
      expect(kvPlacement({ ...WEBGPU_PARLEY, ...change }), JSON.stringify(change)).toBe('host');
    }
  });

  it('says why a WebGPU model keeps them in host memory, and says nothing when that was asked for or on the CPU', () => {
    expect(hostPlacementReason({ ...WEBGPU_PARLEY, hasAppendGraphs: false })).toMatch(
      /predates its \*_kv_append graphs.*`parley models convert`/,
    );
    expect(hostPlacementReason({ ...WEBGPU_PARLEY, layers: { talker: undefined, codePredictor: 1 } })).toMatch(/num_hidden_layers/);
    expect(hostPlacementReason(WEBGPU_PARLEY)).toBeUndefined();
    expect(hostPlacementReason({ ...WEBGPU_PARLEY, allowed: false, hasAppendGraphs: false })).toBeUndefined();
    expect(hostPlacementReason({ ...WEBGPU_PARLEY, device: 'cpu', hasAppendGraphs: false })).toBeUndefined();
  });

  it('keeps exactly each graph’s cache outputs on the GPU, by its own layer count', () => {
    const spec = (name: string) => [...GRAPH_SPECS, ...PARLEY_GRAPH_SPECS].find((s) => s.name === name)!;
    expect(deviceOutputs(spec('parley_talker_decode'), WEBGPU_PARLEY.layers)).toEqual({
      new_key_0: 'gpu-buffer',
      new_value_0: 'gpu-buffer',
      new_key_1: 'gpu-buffer',
      new_value_1: 'gpu-buffer',
    });
    expect(deviceOutputs(spec('parley_code_predictor_kv_append'), WEBGPU_PARLEY.layers)).toEqual({
      present_key_0: 'gpu-buffer',
      present_value_0: 'gpu-buffer',
    });
    expect(deviceOutputs(spec('talker_prefill'), WEBGPU_PARLEY.layers)).toMatchObject({ present_key_1: 'gpu-buffer' });
    expect(deviceOutputs(spec('tokenizer12hz_decode'), WEBGPU_PARLEY.layers)).toBeUndefined();
  });

  it('refuses graphs that carry other layer counts than config.json declares, naming config.json', () => {
    expect(() => checkDeclaredLayers({ talker: 2, codePredictor: 1 }, { talker: 3, codePredictor: 1 })).toThrow(
      /config\.json: talker_config\.num_hidden_layers is 2 but the graphs carry 3 layers/,
    );
    expect(() => checkDeclaredLayers({ talker: 2, codePredictor: 1 }, { talker: 2, codePredictor: undefined })).not.toThrow();
  });
});
