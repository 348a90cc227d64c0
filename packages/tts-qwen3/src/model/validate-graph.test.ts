import type * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GRAPH_SPECS, type GraphName } from '@parley/qwen3-contract';
import { validateGraph } from './validate-graph.js';

const spec = (name: GraphName) => GRAPH_SPECS.find((s) => s.name === name)!;
const tensor = (name: string, type: string, shape: (number | string)[]): ort.InferenceSession.ValueMetadata =>
  ({ name, isTensor: true, type, shape }) as ort.InferenceSession.ValueMetadata;
const kv = (prefix: string, layers: number) =>
  Array.from({ length: layers }, (_, i) => [
    tensor(`${prefix}_key_${i}`, 'float32', [1, 8, 'T', 128]),
    tensor(`${prefix}_value_${i}`, 'float32', [1, 8, 'T', 128]),
  ]).flat();

describe('validateGraph', () => {
  it('counts the talker layers from the past_key_* inputs', () => {
    const metadata = {
      inputMetadata: [tensor('inputs_embeds', 'float32', [1, 1, 1024]), tensor('attention_mask', 'int64', [1, 'T']), ...kv('past', 28)],
      outputMetadata: [tensor('logits', 'float32', [1, 1, 3072]), tensor('last_hidden', 'float32', [1, 1, 1024]), ...kv('present', 28)],
    };
    expect(validateGraph(spec('talker_decode'), metadata)).toBe(28);
  });

  it('rejects a wrong dtype, naming the file, the tensor and both types', () => {
    const metadata = {
      inputMetadata: [tensor('input_ids', 'int32', [1, 'T'])],
      outputMetadata: [tensor('embeds', 'float32', [1, 'T', 32])],
    };
    expect(() => validateGraph(spec('codec_embed'), metadata)).toThrow(
      /^codec_embed\.onnx: expected input 'input_ids' to be int64 of rank 2, found int32/,
    );
  });

  it('rejects a KV cache with a gap or mismatched pasts and presents', () => {
    const base = [tensor('inputs_embeds', 'float32', [1, 1, 32]), tensor('attention_mask', 'int64', [1, 'T'])];
    const heads = [tensor('logits', 'float32', [1, 1, 3072]), tensor('last_hidden', 'float32', [1, 1, 32])];
    const gap = {
      inputMetadata: [...base, ...kv('past', 2).filter((t) => t.name !== 'past_value_1')],
      outputMetadata: [...heads, ...kv('present', 2)],
    };
    expect(() => validateGraph(spec('talker_decode'), gap)).toThrow(/past_value_1/);
    const mismatch = { inputMetadata: [...base, ...kv('past', 2)], outputMetadata: [...heads, ...kv('present', 3)] };
    expect(() => validateGraph(spec('talker_decode'), mismatch)).toThrow(/2 past_key_\* inputs but 3 present_key_\* outputs/);
  });

  it('accepts the speaker encoder input under any name (docs/model.md#community-layout)', () => {
    const metadata = {
      inputMetadata: [tensor('feats', 'float32', [1, 'T', 128])],
      outputMetadata: [tensor('xvector', 'float32', [1, 1024])],
    };
    expect(validateGraph(spec('speaker_encoder'), metadata)).toBe(0);
  });
});
