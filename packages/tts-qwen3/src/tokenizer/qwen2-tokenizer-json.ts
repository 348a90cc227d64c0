/**
 * Builds a `tokenizer.json` object for the Qwen2 byte-level BPE from the files a Qwen3-TTS
 * checkpoint ships instead (vocab.json, merges.txt, tokenizer_config.json; no tokenizer.json:
 * docs/model.md#tokenizer), so one real tokenizer implementation (@huggingface/tokenizers) runs both it
 * and the bundled Qwen3 tokenizer.json.
 */

/** The Qwen2 pre-tokenizer split regex (docs/model.md#tokenizer: the standard one, not the Mistral variant). */
export const QWEN2_SPLIT_REGEX =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

/** One entry of tokenizer.json's `added_tokens`. */
export interface AddedTokenJson {
  id: number;
  content: string;
  single_word: boolean;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  special: boolean;
}

const BYTE_LEVEL = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false };

/**
 * The tokenizer.json of a Qwen2 tokenizer: NFC, the Qwen2 split regex, ByteLevel, then BPE over
 * `vocab` and `merges` (docs/model.md#tokenizer), with `addedTokens` (the chat specials) matched before BPE.
 */
export function qwen2TokenizerJson(
  vocab: Record<string, number>,
  merges: string[],
  addedTokens: AddedTokenJson[],
): Record<string, unknown> {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens,
    normalizer: { type: 'NFC' },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [{ type: 'Split', pattern: { Regex: QWEN2_SPLIT_REGEX }, behavior: 'Isolated', invert: false }, BYTE_LEVEL],
    },
    post_processor: BYTE_LEVEL,
    decoder: BYTE_LEVEL,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges,
    },
  };
}

/** The merge rules of a merges.txt: one "left right" pair a line, after an optional `#version` header. */
export function parseMerges(text: string): string[] {
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#version'));
}

/** `added_tokens_decoder` of a tokenizer_config.json as tokenizer.json `added_tokens`. */
export function addedTokensFromConfig(config: Record<string, unknown>): AddedTokenJson[] {
  const decoder = (config['added_tokens_decoder'] ?? {}) as Record<string, Partial<AddedTokenJson>>;
  return Object.entries(decoder).map(([id, token]) => ({
    id: Number(id),
    content: String(token.content),
    single_word: token.single_word ?? false,
    lstrip: token.lstrip ?? false,
    rstrip: token.rstrip ?? false,
    normalized: token.normalized ?? false,
    special: token.special ?? true,
  }));
}
