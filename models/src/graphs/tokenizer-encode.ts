import { SAMPLES_PER_FRAME } from '@parley/qwen3-contract';
import { CODEBOOK_SIZE, NUM_CODE_GROUPS } from '../contract.js';
import type { GraphBuilder } from '../onnx/graph-builder.js';
import { transpose2d } from '../layers/linear.js';
import type { StandinSizes } from '../standin/sizes.js';
import { STANDIN } from '../weights/official-names.js';
import type { WeightSource } from '../weights/weight-source.js';
import { graphContext } from './graph-context.js';

/**
 * `tokenizer12hz_encode.onnx`: `input_values` f32 [1,n] (24 kHz) → `audio_codes` i64 [1,F,16]
 * with F = floor(n / 1920) (a trailing partial frame is dropped), each code in 0..2047, and
 * `lengths` i64 [1] = F, the number of code frames.
 *
 * Stand-in: frames of 1920 samples → MatMul [1920,16] → `floor((tanh(x)+1)·1023.5)` clipped to
 * 0..2047. The real encoder is Mimi; its `lengths` output is unconfirmed
 * (docs/model.md#loading-a-model-directory).
 */
export function buildTokenizerEncode(weights: WeightSource, _sizes: StandinSizes): GraphBuilder {
  const ctx = graphContext('tokenizer12hz_encode', weights);
  const g = ctx.graph;
  const audio = g.input('input_values', 'float32', [1, 'n']);
  const frameCount = g.op('Div', [g.op('Shape', [audio], { start: 1, end: 2 }), g.constI64([SAMPLES_PER_FRAME])], {}, 'frames'); // [1], int floor
  const whole = g.op('Slice', [audio, g.constI64([0]), g.op('Mul', [frameCount, g.constI64([SAMPLES_PER_FRAME])]), g.constI64([1])]);
  const frames = g.op('Reshape', [whole, g.constI64([1, -1, SAMPLES_PER_FRAME])]);
  const name = `${STANDIN.encoder}.proj.weight`;
  // Gain 3: speech at a typical RMS of 0.1–0.3 then spreads over most of the code range.
  const weight = weights.tensor({ name, shape: [NUM_CODE_GROUPS, SAMPLES_PER_FRAME], init: { gain: 3 } });
  const w = g.initializer(`${name}.T`, transpose2d(weight, NUM_CODE_GROUPS, SAMPLES_PER_FRAME), [SAMPLES_PER_FRAME, NUM_CODE_GROUPS]);
  const squashed = g.op('Tanh', [g.op('MatMul', [frames, w])]);
  const scaled = g.op('Floor', [g.op('Mul', [g.op('Add', [squashed, g.constF32([1], [])]), g.constF32([(CODEBOOK_SIZE - 1) / 2], [])])]);
  const clipped = g.op('Clip', [scaled, g.constF32([0], []), g.constF32([CODEBOOK_SIZE - 1], [])]);
  g.output(g.op('Cast', [clipped], { to: 7 /* INT64 */ }), 'audio_codes', 'int64', [1, 'F', NUM_CODE_GROUPS]);
  g.output(frameCount, 'lengths', 'int64', [1]);
  return g;
}
