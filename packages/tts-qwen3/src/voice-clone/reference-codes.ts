import { ParleyError } from '@parley/core';
import type { CodecShape } from '../codec/codec-decoder.js';
import type { CancelSignal } from '../model/cancellation.js';
import type { OnnxGraph } from '../model/onnx-graph.js';
import { float32Tensor, int64Tensor, outputFloats } from '../model/tensors.js';

/**
 * The reference's codec frames, `ref_code` [F_r, 16] (docs/model.md#icl-mode), from
 * `tokenizer12hz_encode` on the 24 kHz samples. F_r is read from `audio_codes`' shape; `lengths`,
 * when it is a frame count below that, trims it (its meaning in the real export is unconfirmed:
 * docs/model.md#loading-a-model-directory).
 * @throws ParleyError INTERNAL for a code outside 0..codebook−1 (the decoder would refuse it
 *   later) or a shape other than [1, F, codeGroups]; INVALID_INPUT for no frame.
 */
export async function encodeReference(
  graph: OnnxGraph,
  samples24k: Float32Array,
  shape: CodecShape,
  signal?: CancelSignal,
): Promise<Int32Array[]> {
  const outputs = await graph.run({ input_values: float32Tensor(samples24k, [1, samples24k.length]) }, signal);
  const codes = outputs['audio_codes'];
  const [batch, frames, groups] = codes?.dims ?? [];
  if (!codes || batch !== 1 || groups !== shape.codeGroups || frames === undefined) {
    throw new ParleyError(
      'INTERNAL',
      `tokenizer12hz_encode.onnx returned audio_codes [${codes?.dims.join(',') ?? ''}], expected [1,F,${shape.codeGroups}]`,
    );
  }
  const length = Number((outputs['lengths']?.data as BigInt64Array | undefined)?.[0] ?? frames);
  const count = length > 0 && length < frames ? length : frames;
  if (count === 0) throw new ParleyError('INVALID_INPUT', 'the reference audio is too short to encode into a codec frame');
  const data = codes.data as BigInt64Array;
  return Array.from({ length: count }, (_, f) => {
    const frame = Int32Array.from(data.subarray(f * groups, (f + 1) * groups), Number);
    const bad = frame.findIndex((code) => !(code >= 0 && code < shape.codebook));
    if (bad >= 0)
      throw new ParleyError(
        'INTERNAL',
        `tokenizer12hz_encode.onnx gave frame ${f} code ${bad} = ${frame[bad]}, outside 0..${shape.codebook - 1}`,
      );
    return frame;
  });
}

/** The embedding graphs a reference frame's input vector is made from. */
export interface FrameEmbedGraphs {
  readonly codecEmbed: OnnxGraph;
  readonly codePredictorEmbed: OnnxGraph;
}

/**
 * Each reference frame's codec-track vector for the ICL prompt, `CE(code0) + Σ_{j=1..15}
 * CPE(code_j, j−1)` (docs/model.md#icl-mode, as a generated frame enters a decode step): one
 * `codec_embed` call for all codes 0, and one `code_predictor_embed` call per sub-code, whose
 * graph takes a single id (docs/model.md#community-layout).
 */
export async function referenceFrameEmbeds(
  graphs: FrameEmbedGraphs,
  frames: readonly Int32Array[],
  hidden: number,
  signal?: CancelSignal,
): Promise<Float32Array[]> {
  const firsts = frames.map((frame) => frame[0]!);
  const all = outputFloats(await graphs.codecEmbed.run({ input_ids: int64Tensor(firsts, [1, firsts.length]) }, signal), 'embeds');
  const embeds = frames.map((_, f) => all.slice(f * hidden, (f + 1) * hidden));
  for (const [f, frame] of frames.entries()) {
    for (let j = 1; j < frame.length; j++) {
      const feeds = { input_ids: int64Tensor([frame[j]!], [1, 1]), generation_step: int64Tensor([j - 1], [1]) };
      const sub = outputFloats(await graphs.codePredictorEmbed.run(feeds, signal), 'embeds');
      const row = embeds[f]!;
      for (let i = 0; i < hidden; i++) row[i] = row[i]! + sub[i]!;
    }
  }
  return embeds;
}
