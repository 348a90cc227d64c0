import {
  CODEBOOK_SIZE,
  CODEC_IDS,
  CODEC_LANGUAGE_IDS,
  CODEC_VOCAB_SIZE,
  CUSTOM_VOICE_SPEAKER_DIALECTS,
  CUSTOM_VOICE_SPEAKER_IDS,
  NUM_CODE_GROUPS,
  TEXT_IDS,
  TEXT_VOCAB_SIZE,
} from '../contract.js';
import { speakerEncoderConfigJson } from '../graphs/speaker-encoder/speaker-encoder-sizes.js';
import { QWEN3_RMS_NORM_EPS } from '../layers/rms-norm.js';
import { QWEN3_TTS_ROPE_THETA } from '../layers/rope.js';
import type { StandinModelType } from './options.js';
import type { StandinSizes } from './sizes.js';

/**
 * The stand-in's `config.json`, in the official Qwen3-TTS layout with the stand-in's sizes, so
 * an engine reads ids and sizes from it exactly as it would from a real checkpoint.
 *
 * Key names, and where they were confirmed:
 * - Top level (`talker_config`, `speaker_encoder_config`, `tokenizer_type`, `tts_model_size`,
 *   `tts_model_type`, `im_start_token_id`, `im_end_token_id`, `tts_pad_token_id`,
 *   `tts_bos_token_id`, `tts_eos_token_id`): `Qwen3TTSConfig.__init__` in the official
 *   `configuration_qwen3_tts.py` (as vendored in DDesmond95/TTS `all_sources.md`).
 * - `assistant_token_id`, `architectures`, `model_type`, and every `talker_config` /
 *   `code_predictor_config` key with the 0.6B values (`model_type`, `position_id_per_seconds`,
 *   `max_position_embeddings` 32768 / 65536, `hidden_act`, `use_cache`, `attention_bias`):
 *   third-party copies of the released config.json in config-parsing tests of Rust and Swift
 *   ports (several agree). `codec_language_id`, `spk_id`, `spk_is_dialect`: the
 *   official `Qwen3TTSTalkerConfig` stores them under these names.
 * - `speaker_encoder_config`: every key `Qwen3TTSSpeakerEncoderConfig.__init__` reads
 *   (`mel_dim`, `enc_dim`, `enc_channels`, `enc_kernel_sizes`, `enc_dilations`,
 *   `enc_attention_channels`, `enc_res2net_scale`, `enc_se_channels`, `sample_rate`), because the
 *   stand-in's widths are not the defaults; the released files write only `enc_dim` and
 *   `sample_rate` and rely on the defaults for the rest.
 * Not confirmed: the exact `rope_scaling` key order and whether it also carries `"type"`; its
 * `mrope_section` is scaled to the stand-in head_dim (it sums to head_dim/2, like [24,20,20]).
 *
 * `modelType` `base` writes `tts_model_type: "base"` with an empty `spk_id` and `spk_is_dialect`:
 * the Base checkpoint has no built-in speakers and clones voices instead (docs/model.md#voice-cloning).
 */
export function standinConfigJson(sizes: StandinSizes, modelType: StandinModelType = 'custom_voice'): Record<string, unknown> {
  return {
    architectures: ['Qwen3TTSForConditionalGeneration'],
    model_type: 'qwen3_tts',
    tokenizer_type: 'qwen3_tts_tokenizer_12hz',
    // "0b6" like the layout it imitates: the official wrapper only honours instructions on 1b7.
    tts_model_size: '0b6',
    tts_model_type: modelType,
    assistant_token_id: TEXT_IDS.assistant,
    im_start_token_id: TEXT_IDS.imStart,
    im_end_token_id: TEXT_IDS.imEnd,
    tts_pad_token_id: TEXT_IDS.ttsPad,
    tts_bos_token_id: TEXT_IDS.ttsBos,
    tts_eos_token_id: TEXT_IDS.ttsEos,
    talker_config: talkerConfigJson(sizes, modelType),
    speaker_encoder_config: speakerEncoderConfigJson(sizes.speakerEncoder, sizes.hidden),
  };
}

function talkerConfigJson(sizes: StandinSizes, modelType: StandinModelType): Record<string, unknown> {
  const speakers = modelType === 'base' ? {} : CUSTOM_VOICE_SPEAKER_IDS;
  const dialects = modelType === 'base' ? {} : CUSTOM_VOICE_SPEAKER_DIALECTS;
  return {
    model_type: 'qwen3_tts_talker',
    ...transformerKeys(sizes.hidden, sizes.intermediate, sizes.layers, sizes.heads, sizes.kvHeads, sizes.headDim),
    max_position_embeddings: 32_768,
    vocab_size: CODEC_VOCAB_SIZE,
    text_vocab_size: TEXT_VOCAB_SIZE,
    text_hidden_size: sizes.textHidden,
    num_code_groups: NUM_CODE_GROUPS,
    position_id_per_seconds: 13,
    rope_scaling: { interleaved: true, mrope_section: mropeSection(sizes.headDim), rope_type: 'default' },
    codec_bos_id: CODEC_IDS.bos,
    codec_eos_token_id: CODEC_IDS.eos,
    codec_pad_id: CODEC_IDS.pad,
    codec_think_id: CODEC_IDS.think,
    codec_nothink_id: CODEC_IDS.nothink,
    codec_think_bos_id: CODEC_IDS.thinkBos,
    codec_think_eos_id: CODEC_IDS.thinkEos,
    codec_language_id: { ...CODEC_LANGUAGE_IDS },
    spk_id: { ...speakers },
    spk_is_dialect: { ...dialects },
    code_predictor_config: {
      model_type: 'qwen3_tts_talker_code_predictor',
      ...transformerKeys(sizes.cpHidden, sizes.cpIntermediate, sizes.cpLayers, sizes.cpHeads, sizes.cpKvHeads, sizes.cpHeadDim),
      max_position_embeddings: 65_536,
      vocab_size: CODEBOOK_SIZE,
      num_code_groups: NUM_CODE_GROUPS,
    },
  };
}

function transformerKeys(
  hidden: number,
  intermediate: number,
  layers: number,
  heads: number,
  kvHeads: number,
  headDim: number,
): Record<string, unknown> {
  return {
    hidden_size: hidden,
    intermediate_size: intermediate,
    num_hidden_layers: layers,
    num_attention_heads: heads,
    num_key_value_heads: kvHeads,
    head_dim: headDim,
    rms_norm_eps: QWEN3_RMS_NORM_EPS,
    rope_theta: QWEN3_TTS_ROPE_THETA,
    hidden_act: 'silu',
    attention_bias: false,
    use_cache: true,
  };
}

/** [24,20,20] scaled to head_dim/2 (it is [24,20,20] at head_dim 128). */
function mropeSection(headDim: number): number[] {
  const half = headDim / 2;
  const side = Math.floor((half * 20) / 64);
  return [half - 2 * side, side, side];
}
