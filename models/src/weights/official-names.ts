/**
 * Parameter-name prefixes of the official Qwen3-TTS checkpoint, so that the graph builders ask a
 * {@link WeightSource} for exactly the tensors a safetensors file of the real model holds.
 *
 * Where these come from (checked by reading the code, not guessed):
 * - The module tree of `qwen_tts/core/models/modeling_qwen3_tts.py` (QwenLM/Qwen3-TTS):
 *   `Qwen3TTSForConditionalGeneration.talker` → `Qwen3TTSTalkerForConditionalGeneration` with
 *   `model` (`Qwen3TTSTalkerModel`: `layers`, `norm`, `codec_embedding`, `text_embedding`),
 *   `text_projection` (`Qwen3TTSTalkerResizeMLP`: `linear_fc1`, `linear_fc2`, both with bias),
 *   `codec_head` (no bias) and `code_predictor`
 *   (`Qwen3TTSTalkerCodePredictorModelForConditionalGeneration`: `model.layers`, `model.norm`,
 *   `model.codec_embedding.{0..14}`, `lm_head.{0..14}` (no bias), `small_to_mtp_projection`
 *   (bias, only when the sizes differ)). Decoder layers: `self_attn.{q,k,v,o}_proj` (no bias,
 *   `attention_bias` false), `self_attn.{q,k}_norm`, `mlp.{gate,up,down}_proj`,
 *   `input_layernorm`, `post_attention_layernorm`.
 * - The same names, minus the leading `talker.` that the MLX port strips, in the weight-shape
 *   table of DePasqualeOrg/mlx-audio-plus (its `qwen3_tts_components.md`).
 *
 * NOT confirmed against a real `model.safetensors` index (none is reachable here): that the
 * checkpoint keys carry the `talker.` prefix exactly as the module tree implies. The later
 * safetensors source should check its first lookup and fail loudly.
 */
export const OFFICIAL = {
  /** Talker backbone: `.layers.{i}.…`, `.norm.weight`, `.codec_embedding.weight`, `.text_embedding.weight`. */
  talkerModel: 'talker.model',
  /** Text ResizeMLP: `.linear_fc1.{weight,bias}` (text_hidden→text_hidden), `.linear_fc2.{weight,bias}` (→H). */
  textProjection: 'talker.text_projection',
  /** Codebook-0 head: `.weight` [3072, H], no bias. */
  codecHead: 'talker.codec_head',
  /** Code-predictor backbone: `.layers.{i}.…`, `.norm.weight`, `.codec_embedding.{j}.weight` [2048, H]. */
  codePredictorModel: 'talker.code_predictor.model',
  /** Code-predictor heads: `.{j}.weight` [2048, cp_hidden], j = 0..14, no bias. */
  codePredictorLmHead: 'talker.code_predictor.lm_head',
  /** `Linear(H → cp_hidden, bias)`, present only when H ≠ cp_hidden. */
  smallToMtpProjection: 'talker.code_predictor.small_to_mtp_projection',
  /**
   * The Base models' ECAPA-TDNN (`Qwen3TTSForConditionalGeneration.speaker_encoder`, a
   * `Qwen3TTSSpeakerEncoder`, built only when `tts_model_type` is `base`): `.blocks.0.conv`,
   * `.blocks.{i}.{tdnn1,tdnn2}.conv`, `.blocks.{i}.res2net_block.blocks.{j}.conv`,
   * `.blocks.{i}.se_block.{conv1,conv2}`, `.mfa.conv`, `.asp.tdnn.conv`, `.asp.conv`, `.fc`, each a
   * Conv1d `.weight` [out, in, k] and `.bias` [out]. The model has no `model.` wrapper, so the
   * checkpoint keys start with `speaker_encoder.` like the talker's with `talker.`.
   */
  speakerEncoder: 'speaker_encoder',
} as const;

/**
 * Parameters of stand-in parts that have no official counterpart. The real speech-tokenizer
 * decoder (RVQ codebooks `decoder.quantizer.rvq_first.vq.layers.0._codebook.embedding_sum`, a
 * pre-transformer, ConvNeXt upsamplers, …) and the Mimi encoder are different architectures, so
 * their stand-ins use a `standin.` prefix that no checkpoint holds: a checkpoint source asked for
 * one fails instead of loading a look-alike of the wrong shape.
 */
export const STANDIN = {
  /** 16 tables `.codebooks.{q}.weight` [2048, D], `.causal_conv.{weight,bias}`, `.output_proj.{weight,bias}`. */
  decoder: 'standin.speech_tokenizer.decoder',
  /** `.proj.weight` [16, 1920]: frames of samples to 16 code scores. */
  encoder: 'standin.speech_tokenizer.encoder',
} as const;
