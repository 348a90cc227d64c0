import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RandomWeights } from '../../weights/random-weights.js';
import { writeSafetensors, type TensorToWrite } from '../../weights/safetensors-writer.js';
import { elementCount, type WeightSource, type WeightSpec } from '../../weights/weight-source.js';
import { buildCodecDecoder } from './codec-decoder.js';
import { codecDecoderConfigJson, samplesPerFrame, type CodecDecoderSizes } from './codec-sizes.js';

/**
 * Every decoder tensor the builder asks for (official names, PyTorch shapes), in first-asked
 * order: the decoder's part of a speech tokenizer checkpoint.
 */
export function codecDecoderWeightSpecs(sizes: CodecDecoderSizes): Map<string, WeightSpec> {
  const specs = new Map<string, WeightSpec>();
  const recorder: WeightSource = {
    description: 'recording',
    tensor(spec) {
      specs.set(spec.name, spec);
      return new Float32Array(elementCount(spec.shape));
    },
  };
  buildCodecDecoder('recording', recorder, sizes, 'whole');
  return specs;
}

/**
 * A small Mimi encoder configuration for the speech tokenizer's config.json: the official
 * loader builds the encoder from it (randomly initialised: its weights are not written, and
 * nothing here runs it), at the release's frame rate and codebook layout.
 */
const SMALL_ENCODER_CONFIG = {
  hidden_size: 16,
  intermediate_size: 32,
  num_hidden_layers: 1,
  num_attention_heads: 2,
  num_key_value_heads: 2,
  head_dim: 8,
  num_filters: 4,
  codebook_dim: 16,
  codebook_size: 2048,
  num_quantizers: 32,
  num_semantic_quantizers: 1,
  upsample_groups: 16,
};

/**
 * Writes a speech tokenizer checkpoint in the official format into `outDir` (a model's
 * `speech_tokenizer/`): `config.json` (`qwen3_tts_tokenizer_12hz`, the decoder at `sizes`),
 * `preprocessor_config.json`, and `model.safetensors` holding the decoder's seeded random
 * weights under their official names. The official loader fills in the encoder itself.
 */
export function generateSpeechTokenizerCheckpoint(outDir: string, sizes: CodecDecoderSizes, seed: number): void {
  const random = new RandomWeights(seed);
  const tensors = new Map<string, TensorToWrite>();
  for (const spec of codecDecoderWeightSpecs(sizes).values())
    tensors.set(spec.name, { shape: spec.shape, data: () => random.tensor(spec) });
  mkdirSync(outDir, { recursive: true });
  const config = {
    architectures: ['Qwen3TTSTokenizerV2Model'],
    model_type: 'qwen3_tts_tokenizer_12hz',
    encoder_valid_num_quantizers: sizes.quantizers,
    input_sample_rate: 24_000,
    output_sample_rate: 24_000,
    decode_upsample_rate: samplesPerFrame(sizes),
    encode_downsample_rate: samplesPerFrame(sizes),
    decoder_config: codecDecoderConfigJson(sizes),
    encoder_config: SMALL_ENCODER_CONFIG,
  };
  const preprocessor = {
    feature_extractor_type: 'EncodecFeatureExtractor',
    feature_size: 1,
    sampling_rate: 24_000,
    padding_side: 'right',
    padding_value: 0,
    return_attention_mask: true,
  };
  writeFileSync(join(outDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  writeFileSync(join(outDir, 'preprocessor_config.json'), `${JSON.stringify(preprocessor, null, 2)}\n`);
  writeSafetensors(join(outDir, 'model.safetensors'), tensors, { metadata: { format: 'pt', 'parley.weights': random.description } });
}
