import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { onnx } from '../onnx/proto.js';
import { float32, floats, freshStandin, maxAbsDiff, randomFloats, removeTemporaryDirs } from '../testing/ort.js';
import { DEFAULT_STANDIN_SIZES } from '../standin/sizes.js';

afterAll(removeTemporaryDirs);

/** The graph with every MatMulNBits at accuracy_level 0: ORT's CPU kernel then computes with the dequantized fp32 weights, exactly. */
function exactDequantized(path: string): Uint8Array {
  const model = onnx.ModelProto.decode(readFileSync(path));
  for (const node of model.graph!.node!) {
    if (node.opType !== 'MatMulNBits') continue;
    for (const attribute of node.attribute!) if (attribute.name === 'accuracy_level') attribute.i = 0;
  }
  return onnx.ModelProto.encode(model).finish();
}

async function logits(model: string | Uint8Array, providers: string[], input: ort.Tensor): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(model as string, { executionProviders: providers, intraOpNumThreads: 1 });
  try {
    return floats((await session.run({ inputs_embeds: input })).logits);
  } finally {
    await session.release();
  }
}

// Which precision to choose on WebGPU: its MatMulNBits kernels must compute what the weights say.
describe.each(['int8', 'q4'] as const)('%s parley graphs on WebGPU', (precision) => {
  it('compute the dequantized weights exactly (float error), where the CPU kernel quantizes the activations too', async () => {
    const dir = await freshStandin({ layout: 'parley', precision });
    const file = join(dir, 'parley_talker_prefill.onnx');
    const input = float32(randomFloats(7 * DEFAULT_STANDIN_SIZES.hidden, 11), [1, 7, DEFAULT_STANDIN_SIZES.hidden]);
    const exact = await logits(exactDequantized(file), ['cpu'], input);
    const range = Math.max(...exact) - Math.min(...exact);
    const webgpu = await logits(file, ['webgpu', 'cpu'], input);
    const cpu = await logits(file, ['cpu'], input);
    expect(maxAbsDiff(webgpu, exact) / range).toBeLessThan(1e-5);
    expect(maxAbsDiff(cpu, exact) / range).toBeGreaterThan(100 * (maxAbsDiff(webgpu, exact) / range));
  });
});
