/**
 * The parts of the community ONNX layout (zukky/Qwen3-TTS-ONNX-DLL) and of the Qwen3-TTS vocabulary
 * that a stand-in must keep exactly (docs/model.md#stand-in-model). Everything else may shrink. The
 * graph names, their I/O and the audio format are in `@parley/qwen3-contract`, shared with the
 * engine.
 */

/** Talker codec vocabulary (`talker_config.vocab_size`): codes 0..2047 plus specials up to 3071. */
export const CODEC_VOCAB_SIZE = 3072;
/** Text vocabulary (`text_vocab_size`); TTS text ids go up to 151675. */
export const TEXT_VOCAB_SIZE = 151_936;
/** Values of one sub-code (`code_predictor_config.vocab_size`, speech-tokenizer codebook size). */
export const CODEBOOK_SIZE = 2048;
/** Codebooks per frame (`num_code_groups`): code 0 from the talker, 1..15 from the code predictor. */
export const NUM_CODE_GROUPS = 16;
/** Log-mel bins of the speaker encoder's input. */
export const MEL_BINS = 128;

/** Codec special ids (talker_config; docs/model.md#special-ids). */
export const CODEC_IDS = {
  pad: 2148,
  bos: 2149,
  eos: 2150,
  think: 2154,
  nothink: 2155,
  thinkBos: 2156,
  thinkEos: 2157,
} as const;

/** Text special ids (top level of config.json; docs/model.md#special-ids). */
export const TEXT_IDS = {
  imStart: 151_644,
  imEnd: 151_645,
  assistant: 77_091,
  newline: 198,
  ttsPad: 151_671,
  ttsBos: 151_672,
  ttsEos: 151_673,
} as const;

/** `codec_language_id` of the released checkpoints (docs/model.md#special-ids). */
export const CODEC_LANGUAGE_IDS: Readonly<Record<string, number>> = {
  english: 2050,
  german: 2053,
  spanish: 2054,
  chinese: 2055,
  japanese: 2058,
  french: 2061,
  sichuan_dialect: 2062,
  korean: 2064,
  russian: 2069,
  italian: 2070,
  portuguese: 2071,
  beijing_dialect: 2074,
};

/** `spk_id` of the CustomVoice checkpoints (docs/model.md#special-ids). */
export const CUSTOM_VOICE_SPEAKER_IDS: Readonly<Record<string, number>> = {
  serena: 3066,
  vivian: 3065,
  uncle_fu: 3010,
  ryan: 3061,
  aiden: 2861,
  ono_anna: 2873,
  sohee: 2864,
  eric: 2875,
  dylan: 2878,
};

/** `spk_is_dialect`: false, or the dialect's `codec_language_id` key. */
export const CUSTOM_VOICE_SPEAKER_DIALECTS: Readonly<Record<string, string | false>> = {
  serena: false,
  vivian: false,
  uncle_fu: false,
  ryan: false,
  aiden: false,
  ono_anna: false,
  sohee: false,
  eric: 'sichuan_dialect',
  dylan: 'beijing_dialect',
};
