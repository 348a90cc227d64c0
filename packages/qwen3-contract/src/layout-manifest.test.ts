import { describe, expect, it } from 'vitest';
import { COMMUNITY_GRAPH_NAMES, PARLEY_GRAPH_NAMES, SHARED_GRAPH_NAMES } from './graph-names.js';
import { GRAPH_SPECS, PARLEY_GRAPH_SPECS } from './graph-contract.js';
import { graphForRole, manifestRole, parleyLayoutManifest, PARLEY_LAYOUT_VERSION } from './layout-manifest.js';

describe('the parley layout manifest', () => {
  it('names each graph of a directory by its role, and every role leads back to its graph', () => {
    const manifest = parleyLayoutManifest({ hidden: 32 }, SHARED_GRAPH_NAMES, PARLEY_GRAPH_NAMES, 'parley', 'q4');
    expect(manifest).toMatchObject({
      layout: 'parley',
      layoutVersion: PARLEY_LAYOUT_VERSION,
      precision: 'q4',
      sizes: { hidden: 32 },
      kvLayout: 'head-major-capacity',
    });
    expect(manifest.graphs).toMatchObject({
      text_project: 'text_project.onnx',
      talker_decode: 'parley_talker_decode.onnx',
      code_predictor_step: 'parley_code_predictor_step.onnx',
    });
    expect(Object.keys(manifest.graphs)).toHaveLength(SHARED_GRAPH_NAMES.length + PARLEY_GRAPH_NAMES.length);
    for (const name of [...SHARED_GRAPH_NAMES, ...PARLEY_GRAPH_NAMES]) expect(graphForRole(manifestRole(name))).toBe(name);
  });

  it('gives no graph for a role no graph plays', () => {
    expect([graphForRole('parley_talker_decode'), graphForRole('vocoder'), graphForRole('')]).toEqual([undefined, undefined, undefined]);
  });
});

describe('the graph I/O contract', () => {
  const names = (specs: readonly { name: string }[]) => specs.map((spec) => spec.name).sort();

  it('has one spec for every graph of each layout, and none for a graph the layout lacks', () => {
    expect(names(GRAPH_SPECS)).toEqual([...COMMUNITY_GRAPH_NAMES].sort());
    expect(names(PARLEY_GRAPH_SPECS)).toEqual([...SHARED_GRAPH_NAMES, ...PARLEY_GRAPH_NAMES].sort());
  });

  it('makes optional only what a directory may lack: the cloning encoders, the GPU cache appends and the streaming codec decoder (older directories decode in windows)', () => {
    const optional = names(PARLEY_GRAPH_SPECS.filter((spec) => spec.optional));
    expect(optional).toEqual([
      'parley_code_predictor_kv_append',
      'parley_codec_decode_streaming',
      'parley_talker_kv_append',
      'speaker_encoder',
      'tokenizer12hz_encode',
    ]);
  });
});
