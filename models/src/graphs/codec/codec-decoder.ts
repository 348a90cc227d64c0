import { GraphBuilder } from '../../onnx/graph-builder.js';
import type { WeightSource } from '../../weights/weight-source.js';
import type { ConvContext } from './codec-convs.js';
import { causalConv, causalTransConv, convNeXt, snakeBeta, vocoderBlock } from './codec-convs.js';
import { dequantize } from './codec-rvq.js';
import { samplesPerFrame, type CodecDecoderSizes } from './codec-sizes.js';
import { StreamingState, WholeSequence, type CodecStream } from './codec-stream.js';
import { codecTransformer } from './codec-transformer.js';

/** Where the decoder's parameters are in a speech tokenizer checkpoint. */
const PREFIX = 'decoder';

/**
 * The 12 Hz speech tokenizer's decoder, from codes to 24 kHz samples, built from a checkpoint's
 * weights under their official names:
 * RVQ dequantization → causal pre-conv (3) → sliding-window transformer → two ×2 stages
 * (transposed conv + ConvNeXt) → causal conv (7) to `decoderDim` → four vocoder blocks
 * (SnakeBeta, transposed conv ×8, ×5, ×4, ×3, residual units) → SnakeBeta → conv (7) to one
 * channel → clamp to [−1, 1].
 *
 * `whole`: `tokenizer12hz_decode.onnx`, `audio_codes` i64 [1,F,Q] → `audio_values` f32
 * [1,F·1920] and `lengths` i64 [1] (the community contract).
 * `streaming`: the same arithmetic on a chunk of n frames with the state the previous chunk
 * left (`state.*` in, `next.*` out; see {@link StreamingState}); chunk after chunk it gives
 * the whole-sequence samples, whatever the chunking.
 */
export function buildCodecDecoder(
  name: string,
  weights: WeightSource,
  sizes: CodecDecoderSizes,
  mode: 'whole' | 'streaming',
): { graph: GraphBuilder; state: StreamingState | undefined } {
  const graph = new GraphBuilder(name);
  graph.setMetadata('parley.weights', weights.description);
  const codes = graph.input('audio_codes', 'int64', [1, 'F', sizes.quantizers]);
  const state = mode === 'streaming' ? new StreamingState(graph) : undefined;
  const stream: CodecStream = state ?? new WholeSequence(graph);
  const samples = decode({ graph, weights, stream }, codes, sizes);
  graph.output(graph.op('Reshape', [samples, graph.constI64([1, -1])]), 'audio_values', 'float32', [1, 'N']);
  const frames = graph.op('Shape', [codes], { start: 1, end: 2 });
  if (state) state.advance(frames);
  else graph.output(graph.op('Mul', [frames, graph.constI64([samplesPerFrame(sizes)])]), 'lengths', 'int64', [1]);
  return { graph, state };
}

/** Codes `[1, n, Q]` → samples `[1, 1, n·1920]`. */
function decode(ctx: ConvContext, codes: string, sizes: CodecDecoderSizes): string {
  const g = ctx.graph;
  const dequantized = dequantize(ctx, codes, `${PREFIX}.quantizer`, sizes);
  const latent = causalConv(ctx, dequantized, `${PREFIX}.pre_conv`, sizes.codebookDim, sizes.latentDim, 3);
  const attended = codecTransformer(ctx, g.op('Transpose', [latent], { perm: [0, 2, 1] }), `${PREFIX}.pre_transformer`, sizes);
  let h = g.op('Transpose', [attended], { perm: [0, 2, 1] });
  for (const [i, factor] of sizes.upsamplingRatios.entries()) {
    h = causalTransConv(ctx, h, `${PREFIX}.upsample.${i}.0`, sizes.latentDim, sizes.latentDim, factor, factor);
    h = convNeXt(ctx, h, `${PREFIX}.upsample.${i}.1`, sizes.latentDim);
  }
  h = causalConv(ctx, h, `${PREFIX}.decoder.0`, sizes.latentDim, sizes.decoderDim, 7);
  let dim = sizes.decoderDim;
  for (const [i, rate] of sizes.upsampleRates.entries()) {
    h = vocoderBlock(ctx, h, `${PREFIX}.decoder.${i + 1}`, dim, dim / 2, rate);
    dim /= 2;
  }
  const last = sizes.upsampleRates.length + 1;
  // A small random gain on the last conv keeps the stand-in's noise quiet (about −30 dBFS) and unclipped:
  // it plays into the headphones of whoever tries the page first.
  const wave = causalConv(ctx, snakeBeta(ctx, h, `${PREFIX}.decoder.${last}`, dim), `${PREFIX}.decoder.${last + 1}`, dim, 1, 7, {
    gain: 0.015,
  });
  return g.op('Clip', [wave, g.constF32([-1], []), g.constF32([1], [])], {}, 'clamp');
}
