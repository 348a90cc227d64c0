import { ParleyError } from '@parley/core';
import * as ort from 'onnxruntime-node';
import type { CancelSignal } from '../model/cancellation.js';
import type { OnnxGraph } from '../model/onnx-graph.js';
import { outputFloats } from '../model/tensors.js';
import { MAX_DECODE_FRAMES } from './chunk-plan.js';

/** What the decoder accepts. */
export interface CodecShape {
  /** Codes per frame (16). */
  readonly codeGroups: number;
  /** Valid codes are 0..codebook−1 (2048). */
  readonly codebook: number;
}

/**
 * Decodes frames with `tokenizer12hz_decode` into samples in [-1, 1] (docs/model.md#codec-decoder),
 * F·samplesPerFrame of them, trimmed to the graph's `lengths`.
 * @throws ParleyError INTERNAL for a code outside 0..codebook−1 (−1 padding or a special must
 *   never reach the graph) or for more than {@link MAX_DECODE_FRAMES} frames.
 */
export async function decodeFrames(
  graph: OnnxGraph,
  frames: readonly Int32Array[],
  shape: CodecShape,
  signal?: CancelSignal,
): Promise<Float32Array> {
  const outputs = await graph.run({ audio_codes: codesTensor(frames, shape) }, signal);
  const samples = outputFloats(outputs, 'audio_values');
  const length = Number((outputs['lengths']?.data as BigInt64Array | undefined)?.[0] ?? samples.length);
  return length < samples.length ? samples.subarray(0, length) : samples;
}

/**
 * The decoder's `audio_codes` input, i64 `[1, F, groups]`, from frames of codes.
 * @throws ParleyError INTERNAL for a code outside 0..codebook−1 (−1 padding or a special must
 *   never reach the graph) or for more than {@link MAX_DECODE_FRAMES} frames.
 */
export function codesTensor(frames: readonly Int32Array[], shape: CodecShape): ort.Tensor {
  if (frames.length === 0 || frames.length > MAX_DECODE_FRAMES) {
    throw new ParleyError('INTERNAL', `decoder called with ${frames.length} frames (1..${MAX_DECODE_FRAMES} allowed)`);
  }
  const codes = new BigInt64Array(frames.length * shape.codeGroups);
  frames.forEach((frame, f) => {
    if (frame.length !== shape.codeGroups)
      throw new ParleyError('INTERNAL', `frame ${f} has ${frame.length} codes, expected ${shape.codeGroups}`);
    frame.forEach((code, q) => {
      if (!(code >= 0 && code < shape.codebook))
        throw new ParleyError('INTERNAL', `frame ${f} code ${q} is ${code}, outside 0..${shape.codebook - 1}`);
      codes[f * shape.codeGroups + q] = BigInt(code);
    });
  });
  return new ort.Tensor('int64', codes, [1, frames.length, shape.codeGroups]);
}
