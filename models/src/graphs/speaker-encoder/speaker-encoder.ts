import { MEL_BINS } from '../../contract.js';
import type { GraphBuilder } from '../../onnx/graph-builder.js';
import type { StandinSizes } from '../../standin/sizes.js';
import { OFFICIAL } from '../../weights/official-names.js';
import type { WeightSource } from '../../weights/weight-source.js';
import { graphContext } from '../graph-context.js';
import { attentiveStatisticsPooling } from './attentive-pooling.js';
import { reflectConv, seRes2NetBlock, tdnnBlock } from './tdnn-layers.js';

/**
 * `speaker_encoder.onnx`, the Base model's ECAPA-TDNN built from a checkpoint's weights under
 * their official names (`speaker_encoder.*`): `mel` f32 [1,T_mel,128] (the log-mel of
 * docs/model.md#log-mel-front-end) → `embedding` f32 [1,H], the vector that takes the speaker's
 * place in the codec track (docs/model.md#x-vector-mode).
 *
 * TDNN (`channels[0]`, kernel 5) → SE-Res2Net blocks (dilations 2, 3, 4 in the release) → the
 * blocks' outputs side by side through the aggregation TDNN → attentive statistics pooling →
 * conv (1) to H. Every convolution pads by reflection to keep the frame count ("same").
 * Input and output names follow the sherpa export, which other ports also read.
 */
export function buildSpeakerEncoder(weights: WeightSource, sizes: StandinSizes): GraphBuilder {
  const ctx = graphContext('speaker_encoder', weights);
  const g = ctx.graph;
  const { channels, kernelSizes, dilations } = sizes.speakerEncoder;
  const prefix = OFFICIAL.speakerEncoder;
  const mel = g.input('mel', 'float32', [1, 'T_mel', MEL_BINS]);
  const first = { channelsIn: MEL_BINS, channelsOut: channels[0]!, kernel: kernelSizes[0]!, dilation: dilations[0]! };
  let h = tdnnBlock(ctx, g.op('Transpose', [mel], { perm: [0, 2, 1] }), `${prefix}.blocks.0`, first);
  const blockOutputs: string[] = [];
  for (let i = 1; i < channels.length - 1; i++) {
    h = seRes2NetBlock(ctx, h, `${prefix}.blocks.${i}`, channels[i]!, {
      scale: sizes.speakerEncoder.res2netScale,
      seChannels: sizes.speakerEncoder.seChannels,
      kernel: kernelSizes[i]!,
      dilation: dilations[i]!,
    });
    blockOutputs.push(h);
  }
  const last = channels.length - 1;
  const width = channels[last]!;
  // The official aggregation is declared `width` wide in; the blocks' outputs side by side are that wide (validated sizes).
  const aggregation = { channelsIn: width, channelsOut: width, kernel: kernelSizes[last]!, dilation: dilations[last]! };
  const aggregated = tdnnBlock(ctx, g.op('Concat', blockOutputs, { axis: 1 }, `${prefix}.mfa.input`), `${prefix}.mfa`, aggregation);
  const pooled = attentiveStatisticsPooling(ctx, aggregated, `${prefix}.asp`, width, sizes.speakerEncoder.attentionChannels);
  const embedding = reflectConv(ctx, pooled, `${prefix}.fc`, { channelsIn: 2 * width, channelsOut: sizes.hidden });
  g.output(g.op('Reshape', [embedding, g.constI64([1, sizes.hidden])]), 'embedding', 'float32', [1, sizes.hidden]);
  return g;
}
