import { ParleyError } from '@parley/core';
import type { CancelSignal } from '../model/cancellation.js';
import type { OnnxGraph } from '../model/onnx-graph.js';
import { float32Tensor } from '../model/tensors.js';
import { logMelSpectrogram } from './log-mel.js';

/**
 * The speaker vector of 24 kHz reference audio (docs/model.md#x-vector-mode): its log-mel spectrogram
 * `[1, T, 128]` through `speaker_encoder`, whose output `[1, H]` goes into the codec track
 * before `[pad, bos]`. The encoder's input is fed by position: its name differs between exports
 * (`mel` in the sherpa export; others look it up at load).
 * @throws ParleyError MODEL_LOAD_FAILED when the encoder's output is not H floats (its `enc_dim`
 *   must equal the talker's hidden size, docs/model.md#sizes).
 */
export async function speakerEmbedding(
  graph: OnnxGraph,
  samples24k: Float32Array,
  hidden: number,
  signal?: CancelSignal,
): Promise<Float32Array> {
  const mel = logMelSpectrogram(samples24k);
  const input = graph.session.inputNames[0]!;
  const output = graph.session.outputNames[0]!;
  const outputs = await graph.run({ [input]: float32Tensor(mel.data, [1, mel.frames, mel.mels]) }, signal);
  const vector = outputs[output]?.data;
  if (!(vector instanceof Float32Array) || vector.length !== hidden) {
    throw new ParleyError(
      'MODEL_LOAD_FAILED',
      `speaker_encoder.onnx returned ${vector?.length ?? 'no'} floats, expected ${hidden} (the talker's hidden size)`,
    );
  }
  return vector.slice();
}
