import { SAMPLES_PER_FRAME } from '@parley/qwen3-contract';
import { CODEBOOK_SIZE, NUM_CODE_GROUPS } from '../contract.js';
import type { BuildContext } from '../layers/context.js';
import { stackedTables } from '../layers/embedding.js';
import { linear } from '../layers/linear.js';
import type { GraphBuilder } from '../onnx/graph-builder.js';
import type { StandinSizes } from '../standin/sizes.js';
import { STANDIN } from '../weights/official-names.js';
import type { WeightSource } from '../weights/weight-source.js';
import { graphContext } from './graph-context.js';

/** Kernel of the stand-in's causal conv over frames: frame t sees frames t−2..t. */
export const DECODER_CONV_KERNEL = 3;

/**
 * `tokenizer12hz_decode.onnx`: `audio_codes` i64 [1,F,16] (each 0..2047) → `audio_values` f32
 * [1,F·1920] in (−1, 1) and `lengths` i64 [1] = F·1920 (doc §3, §4).
 *
 * Stand-in: per-codebook embedding, summed → a causal conv over frames (kernel 3, padded on the
 * left only, like every conv of the real decoder) with a SiLU residual → Linear(D→1920) → tanh.
 * Being causal, decoding a chunk with ≥ 2 frames of left context reproduces the whole-sequence
 * samples of the chunk's new frames.
 */
export function buildTokenizerDecode(weights: WeightSource, sizes: StandinSizes): GraphBuilder {
  const ctx = graphContext('tokenizer12hz_decode', weights);
  const g = ctx.graph;
  const codes = g.input('audio_codes', 'int64', [1, 'F', NUM_CODE_GROUPS]);
  const d = sizes.decoderDim;
  const names = Array.from({ length: NUM_CODE_GROUPS }, (_, q) => `${STANDIN.decoder}.codebooks.${q}.weight`);
  // Sixteen N(0, 1/16) tables sum to unit variance, keeping tanh out of saturation.
  const table = stackedTables(ctx, names, `${STANDIN.decoder}.codebooks.stacked`, CODEBOOK_SIZE, d, { std: 0.25 });
  const offsets = g.constI64(Array.from({ length: NUM_CODE_GROUPS }, (_, q) => q * CODEBOOK_SIZE));
  const embedded = g.op('Gather', [table, g.op('Add', [codes, offsets])], { axis: 0 }, 'codebook_lookup'); // [1,F,16,D]
  const summed = g.op('ReduceSum', [embedded, g.constI64([2])], { keepdims: 0 }, 'codebook_sum'); // [1,F,D]
  const h = g.op('Add', [summed, causalConv(ctx, summed, d)], {}, 'conv_residual');
  const samples = g.op('Tanh', [linear(ctx, h, `${STANDIN.decoder}.output_proj`, d, SAMPLES_PER_FRAME, { bias: true })]);
  g.output(g.op('Reshape', [samples, g.constI64([1, -1])]), 'audio_values', 'float32', [1, 'N']);
  const frames = g.op('Shape', [codes], { start: 1, end: 2 }); // [1] = F
  g.output(g.op('Mul', [frames, g.constI64([SAMPLES_PER_FRAME])]), 'lengths', 'int64', [1]);
  return g;
}

/** SiLU(Conv1d over frames), kernel 3, left-padded by 2 so no frame sees the future: [1,F,D] → [1,F,D]. */
function causalConv(ctx: BuildContext, x: string, d: number): string {
  const g = ctx.graph;
  const prefix = `${STANDIN.decoder}.causal_conv`;
  const weight = ctx.weights.tensor({ name: `${prefix}.weight`, shape: [d, d, DECODER_CONV_KERNEL], init: 'fan-in' });
  const bias = ctx.weights.tensor({ name: `${prefix}.bias`, shape: [d], init: { std: 0.02 } });
  const channelsFirst = g.op('Transpose', [x], { perm: [0, 2, 1] }); // [1,D,F]
  const padded = g.op('Pad', [channelsFirst, g.constI64([0, 0, DECODER_CONV_KERNEL - 1, 0, 0, 0])], {}, 'left_pad');
  const conv = g.op(
    'Conv',
    [padded, g.initializer(`${prefix}.weight`, weight, [d, d, DECODER_CONV_KERNEL]), g.initializer(`${prefix}.bias`, bias, [d])],
    { kernel_shape: [DECODER_CONV_KERNEL] },
    'causal_conv',
  );
  const y = g.op('Transpose', [conv], { perm: [0, 2, 1] });
  return g.op('Mul', [y, g.op('Sigmoid', [y])], {}, 'conv_silu');
}
